package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-loop routing index: an event goes to the readers of every device and of its own DSN only. */
class StreamReadersTest {

  private final StreamReaders<String> readers = new StreamReaders<>();
  private final List<String> offered = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();

  private void offer(long seq, String dsn) {
    offered.clear();
    readers.offer(
        7, seq, dsn, offered::add, (r, from, to) -> skipped.add(r + ":" + from + "-" + to));
  }

  @Test
  void anEventReachesTheReadersOfEveryDeviceAndOfItsOwnOnly() {
    readers.add("all", Set.of());
    readers.add("a", Set.of("A"));
    readers.add("ab", Set.of("A", "B"));
    readers.add("c", Set.of("C"));
    offer(1, "A"); // the first of the subscription: every reader hears of it
    assertThat(offered).containsExactlyInAnyOrder("all", "a", "ab", "c");

    offer(2, "B");
    assertThat(offered).containsExactlyInAnyOrder("all", "ab");
    offer(3, "Z");
    assertThat(offered).containsExactly("all");
    offer(4, null);
    assertThat(offered).containsExactly("all");
    assertThat(readers.position().lastSeq()).isEqualTo(4);
  }

  @Test
  void aNewSubscriptionReachesEveryReaderAndASeqJumpTellsEachOfThem() {
    readers.add("a", Set.of("A"));
    readers.add("b", Set.of("B"));
    offer(1, "A");
    offer(5, "A");
    assertThat(skipped).containsExactlyInAnyOrder("a:2-4", "b:2-4");
    assertThat(offered).containsExactly("a");
  }

  @Test
  void removingAReaderTakesItOutOfEveryListAndSaysWhenNoneIsLeft() {
    readers.add("ab", Set.of("A", "B"));
    readers.add("all", Set.of());
    assertThat(readers.all()).containsExactly("all", "ab");
    assertThat(readers.remove("ab", Set.of("A", "B"))).isFalse();
    offer(1, "A");
    offer(2, "B");
    assertThat(offered).containsExactly("all");
    assertThat(readers.remove("all", Set.of())).isTrue();
    assertThat(readers.size()).isZero();
  }
}
