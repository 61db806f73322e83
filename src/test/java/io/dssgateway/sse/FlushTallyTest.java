package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlushTallyTest {

  private final List<String> reported = new ArrayList<>();
  private final FlushTally tally = new FlushTally(new SseObserver() {
    @Override
    public void eventsOut(String eventType, int count) {
      reported.add(eventType + "=" + count);
    }

    @Override
    public void fanoutSince(long arrivalNanos) {
      reported.add("since " + arrivalNanos);
    }
  });

  @Test
  void oneReportPerDrainWithTheSumByTypeAndTheOldestArrival() {
    tally.add("datapoint", 3, 200);
    tally.add("datapoint", 2, 100);
    tally.add("connectivity", 1, 150);
    tally.report();
    assertThat(reported).containsExactly("datapoint=5", "connectivity=1", "since 100");
  }

  @Test
  void aFlushWithoutEventsRecordsNoLatencyAndTheTallyStartsOverAfterAReport() {
    tally.add("datapoint", 0, 1);
    tally.report();
    assertThat(reported).isEmpty();
    tally.add("datapoint", 1, 500);
    tally.report();
    tally.report();
    assertThat(reported).containsExactly("datapoint=1", "since 500");
  }
}
