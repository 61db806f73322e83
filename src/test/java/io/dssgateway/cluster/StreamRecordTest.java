package io.dssgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamRecordTest {

  private static final StreamKey KEY =
      new StreamKey(
          "user:demo@example.com",
          "datapoint",
          Filter.of(
              Set.of("ledevb"), Set.of("AC000W000340649", "AC000W000340650"), Set.of("Blue_LED")));

  @Test
  void theTextRoundTripsAndIsTheSameForEqualRecords() {
    StreamRecord r =
        StreamRecord.claimedBy(KEY, "node-a")
            .withSubscription(50155, "v1:sealed", 42)
            .withReader("node-b");

    StreamRecord back = StreamRecord.decode(r.encode());

    assertThat(back).isEqualTo(r);
    assertThat(back.key().canonical()).isEqualTo(KEY.canonical());
    assertThat(back.readers()).containsExactlyInAnyOrder("node-a", "node-b");
    // compare-and-set compares the text: equal records must encode identically, readers in any
    // order
    assertThat(
            StreamRecord.claimedBy(KEY, "node-b")
                .withReader("node-a")
                .withHolder("node-a")
                .withSubscription(50155, "v1:sealed", 42)
                .encode())
        .isEqualTo(r.encode());
  }

  @Test
  void readersAreWrittenSortedWhateverTheOrderTheyCameIn() {
    StreamRecord r = StreamRecord.claimedBy(KEY, "node-z");
    for (String n : List.of("node-q", "node-c", "node-m", "node-a", "node-x", "node-f")) {
      r = r.withReader(n);
    }
    assertThat(r.encode())
        .contains(
            "\"readers\":[\"node-a\",\"node-c\",\"node-f\",\"node-m\",\"node-q\",\"node-x\",\"node-z\"]");
  }

  @Test
  void aClaimIsNotOpenedUntilItHasASubscriptionAndAKey() {
    StreamRecord claim = StreamRecord.claimedBy(KEY, "node-a");
    assertThat(claim.opened()).isFalse();
    assertThat(claim.withSubscription(50155, "v1:sealed", 0).opened()).isTrue();
  }

  @Test
  void aHolderIsGoneWhenVacantOrNoLongerAMember() {
    StreamRecord r = StreamRecord.claimedBy(KEY, "node-a");
    assertThat(r.vacantOrHeldOutside(List.of("node-a", "node-b"))).isFalse();
    assertThat(r.vacantOrHeldOutside(List.of("node-b"))).isTrue();
    assertThat(r.withHolder(StreamRecord.VACANT).vacantOrHeldOutside(List.of("node-a"))).isTrue();
  }

  @Test
  void readersComeAndGoAndDeadOnesArePruned() {
    StreamRecord r =
        StreamRecord.claimedBy(KEY, "node-a").withReader("node-b").withReader("node-c");

    assertThat(r.withoutReader("node-b").readers()).containsExactlyInAnyOrder("node-a", "node-c");
    assertThat(r.withReadersIn(List.of("node-c", "node-x")).readers()).containsExactly("node-c");
    assertThat(r.withReader("node-b")).isEqualTo(r);
  }
}
