package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

  private static HubEvent event(long seq) {
    Buffer json = Buffer.buffer("{\"seq\":\"" + seq + "\"}");
    StreamEvent dss =
        new StreamEvent(seq, "datapoint", "ledevb", "AC000W000340649", "Blue_LED", json);
    return new HubEvent(7, dss, Buffer.buffer("id: 7:" + seq + "\n"), Buffer.buffer(), seq);
  }

  private static ReplayBuffer<HubEvent> holding(int capacity, long... seqs) {
    ReplayBuffer<HubEvent> buffer = new ReplayBuffer<>(capacity);
    for (long seq : seqs) {
      buffer.add(event(seq));
    }
    return buffer;
  }

  private static List<Long> seqs(ReplayBuffer.Replay<HubEvent> replay) {
    return replay.events().stream().map(HubEvent::seq).toList();
  }

  /** Bounded by count only, large events would make the buffers hold 100+ MB: the byte bound holds them. */
  @Test
  void largeEventsStayUnderTheByteBoundAndTheNewestIsKept() {
    ReplayBuffer<HubEvent> buffer = new ReplayBuffer<>(10_000, 64 * 1024);
    String big = "x".repeat(8 * 1024);
    long largest = 0;
    for (long seq = 1; seq <= 1000; seq++) {
      Buffer json = Buffer.buffer("{\"seq\":\"" + seq + "\",\"v\":\"" + big + "\"}");
      buffer.add(
          new HubEvent(
              7,
              new StreamEvent(seq, "datapoint", "ledevb", "D", "p", json),
              Buffer.buffer("id: 7:" + seq + "\n"),
              json,
              seq));
      largest = Math.max(largest, buffer.bytes());
      assertThat(buffer.bytes()).isLessThanOrEqualTo(64 * 1024);
    }
    assertThat(buffer.size()).isBetween(1, 4);
    ReplayBuffer.Replay<HubEvent> replay = buffer.after(0);
    assertThat(replay.gap()).isTrue();
    assertThat(replay.events().get(replay.events().size() - 1).seq()).isEqualTo(1000);
    ReplayBuffer<HubEvent> oneHuge = new ReplayBuffer<>(10, 16);
    oneHuge.add(event(1));
    oneHuge.add(event(2));
    assertThat(oneHuge.size()).as("the newest stays even when alone over the bound").isEqualTo(1);
  }

  @Test
  void replaysEverythingInOrderFromAnEmptyCursorWithoutGap() {
    ReplayBuffer<HubEvent> buffer = holding(5, 1, 2, 3, 4, 5);
    ReplayBuffer.Replay<HubEvent> replay = buffer.after(0);
    assertThat(seqs(replay)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(replay.gap()).isFalse();
    assertThat(buffer.size()).isEqualTo(5);
  }

  /** The ring grows as events come (an idle stream holds a few slots): order holds across a wrap and a growth. */
  @Test
  void growsToItsCapacityKeepingOrderAcrossAWrapThenEvictsTheOldest() {
    ReplayBuffer<HubEvent> buffer = new ReplayBuffer<>(40);
    for (long seq = 1; seq <= 10; seq++) {
      buffer.add(event(seq));
    }
    buffer.trimTo(0); // only the newest stays: the oldest slot is no longer the first
    for (long seq = 11; seq <= 45; seq++) {
      buffer.add(event(seq));
    }
    assertThat(seqs(buffer.after(0)))
        .isEqualTo(java.util.stream.LongStream.rangeClosed(10, 45).boxed().toList());
    for (long seq = 46; seq <= 100; seq++) {
      buffer.add(event(seq));
    }
    assertThat(buffer.size()).isEqualTo(40);
    assertThat(seqs(buffer.after(0)))
        .isEqualTo(java.util.stream.LongStream.rangeClosed(61, 100).boxed().toList());
  }

  @Test
  void evictsTheOldestOnceFullAndKeepsOrderAcrossTheWrap() {
    ReplayBuffer<HubEvent> buffer = holding(4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(buffer.size()).isEqualTo(4);
    assertThat(seqs(buffer.after(6))).containsExactly(7L, 8L, 9L, 10L);
    assertThat(seqs(buffer.after(8))).containsExactly(9L, 10L);
    assertThat(buffer.after(6).gap()).isFalse();
  }

  @Test
  void afterReportsGapWhenCursorIsOlderThanOldest() {
    ReplayBuffer<HubEvent> buffer = holding(3, 1, 2, 3, 4, 5);
    ReplayBuffer.Replay<HubEvent> fromStart = buffer.after(0);
    assertThat(fromStart.gap()).isTrue();
    assertThat(fromStart.missingFrom()).isEqualTo(1);
    assertThat(fromStart.missingTo()).isEqualTo(2);
    assertThat(seqs(fromStart)).containsExactly(3L, 4L, 5L);

    ReplayBuffer.Replay<HubEvent> oneMissing = buffer.after(1);
    assertThat(oneMissing.gap()).isTrue();
    assertThat(oneMissing.missingFrom()).isEqualTo(2);
    assertThat(oneMissing.missingTo()).isEqualTo(2);
    assertThat(seqs(oneMissing)).containsExactly(3L, 4L, 5L);
  }

  @Test
  void cursorJustBeforeTheOldestHasNoGap() {
    ReplayBuffer.Replay<HubEvent> replay = holding(3, 1, 2, 3, 4, 5).after(2);
    assertThat(replay.gap()).isFalse();
    assertThat(seqs(replay)).containsExactly(3L, 4L, 5L);
  }

  @Test
  void cursorInsideTheBufferGetsOnlyLaterEvents() {
    ReplayBuffer<HubEvent> buffer = holding(8, 1, 2, 3, 4, 5);
    assertThat(seqs(buffer.after(3))).containsExactly(4L, 5L);
    assertThat(buffer.after(3).gap()).isFalse();
  }

  @Test
  void cursorBetweenHeldSeqsStartsAtTheNextHigherOne() {
    ReplayBuffer<HubEvent> buffer = holding(8, 2, 4, 6, 8);
    assertThat(seqs(buffer.after(5))).containsExactly(6L, 8L);
    assertThat(buffer.after(5).gap()).isFalse();
  }

  @Test
  void cursorAtOrBeyondTheHeadGetsNothingAndNoGap() {
    ReplayBuffer<HubEvent> buffer = holding(3, 1, 2, 3, 4, 5);
    ReplayBuffer.Replay<HubEvent> atHead = buffer.after(5);
    assertThat(atHead.events()).isEmpty();
    assertThat(atHead.gap()).isFalse();
    ReplayBuffer.Replay<HubEvent> beyond = buffer.after(42);
    assertThat(beyond.events()).isEmpty();
    assertThat(beyond.gap()).isFalse();
  }

  @Test
  void emptyBufferGivesNothingAndNoGap() {
    ReplayBuffer.Replay<HubEvent> replay = new ReplayBuffer(4).after(17);
    assertThat(replay.events()).isEmpty();
    assertThat(replay.gap()).isFalse();
    assertThat(replay.missingFrom()).isZero();
    assertThat(replay.missingTo()).isZero();
  }

  @Test
  void clearEmptiesTheBufferAndItFillsAgainFromScratch() {
    ReplayBuffer<HubEvent> buffer = holding(3, 1, 2, 3, 4);
    buffer.clear();
    assertThat(buffer.size()).isZero();
    assertThat(buffer.after(0).events()).isEmpty();

    buffer.add(event(1));
    buffer.add(event(2));
    assertThat(buffer.size()).isEqualTo(2);
    ReplayBuffer.Replay<HubEvent> replay = buffer.after(0);
    assertThat(seqs(replay)).containsExactly(1L, 2L);
    assertThat(replay.gap()).isFalse();
  }

  @Test
  void capacityBelowOneHoldsTheLatestEvent() {
    for (int capacity : new int[] {0, -5}) {
      ReplayBuffer<HubEvent> buffer = holding(capacity, 1, 2, 3);
      assertThat(buffer.size()).isEqualTo(1);
      ReplayBuffer.Replay<HubEvent> replay = buffer.after(0);
      assertThat(seqs(replay)).containsExactly(3L);
      assertThat(replay.gap()).isTrue();
      assertThat(replay.missingFrom()).isEqualTo(1);
      assertThat(replay.missingTo()).isEqualTo(2);
    }
  }

  @Test
  void replayIsACopyUnaffectedByLaterAdds() {
    ReplayBuffer<HubEvent> buffer = holding(2, 1, 2);
    ReplayBuffer.Replay<HubEvent> replay = buffer.after(0);
    buffer.add(event(3));
    assertThat(seqs(replay)).containsExactly(1L, 2L);
  }
}
