package io.dssgateway.sse;

/**
 * What one drain of a loop group wrote, reported to metrics once per drain instead of once per
 * browser: the events written by type, and one fan-out latency sample, from the oldest event's
 * arrival to the end of the drain's writes (the time its last browser waited).
 */
final class FlushTally {

  private final SseObserver observer;
  private final EventCounts events = new EventCounts();
  private long oldestNanos = Long.MAX_VALUE;

  FlushTally(SseObserver observer) {
    this.observer = observer;
  }

  /** Adds one browser's batch: its events by type, the oldest of them arrived at {@code arrivalNanos}. */
  void add(EventCounts batch, long arrivalNanos) {
    if (batch.total() == 0) {
      return;
    }
    events.addAll(batch);
    oldestNanos = Math.min(oldestNanos, arrivalNanos);
  }

  void report() {
    if (events.total() == 0) {
      return;
    }
    events.forEach(observer::eventsOut);
    observer.fanoutSince(oldestNanos);
    events.clear();
    oldestNanos = Long.MAX_VALUE;
  }
}
