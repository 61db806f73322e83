package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlushTallyTest {

  private final List<String> reported = new ArrayList<>();
  private final FlushTally tally =
      new FlushTally(
          new SseObserver() {
            @Override
            public void eventsOut(String eventType, int count) {
              reported.add(eventType + "=" + count);
            }

            @Override
            public void fanoutSince(long arrivalNanos) {
              reported.add("since " + arrivalNanos);
            }
          });

  private static EventCounts batch(Object... typeThenCount) {
    EventCounts counts = new EventCounts();
    for (int i = 0; i < typeThenCount.length; i += 2) {
      counts.add((String) typeThenCount[i], (Integer) typeThenCount[i + 1]);
    }
    return counts;
  }

  @Test
  void oneReportPerDrainWithTheSumByTypeAndTheOldestArrival() {
    tally.add(batch("datapoint", 3), 200);
    tally.add(batch("connectivity", 1), 150);
    tally.add(batch("datapoint", 2), 100);
    tally.report();
    assertThat(reported).containsExactly("datapoint=5", "connectivity=1", "since 100");
  }

  @Test
  void aMixedBatchCountsEachEventUnderItsOwnType() {
    tally.add(batch("connectivity", 2, "datapoint", 3, "connectivity", 1), 100);
    tally.report();
    assertThat(reported).containsExactly("connectivity=3", "datapoint=3", "since 100");
  }

  @Test
  void aFlushWithoutEventsRecordsNoLatencyAndTheTallyStartsOverAfterAReport() {
    tally.add(batch("datapoint", 0), 1);
    tally.report();
    assertThat(reported).isEmpty();
    tally.add(batch("datapoint", 1), 500);
    tally.report();
    tally.report();
    assertThat(reported).containsExactly("datapoint=1", "since 500");
  }
}
