package io.dssgateway.sse;

/**
 * What one drain of a loop group wrote, reported to metrics once per drain instead of once per
 * browser: the events written by type, and one fan-out latency sample, from the oldest event's
 * arrival to the end of the drain's writes (the time its last browser waited).
 */
final class FlushTally {

  private final SseObserver observer;
  private String type;
  private int events;
  private long oldestNanos = Long.MAX_VALUE;

  FlushTally(SseObserver observer) {
    this.observer = observer;
  }

  void add(String eventType, int count, long arrivalNanos) {
    if (count == 0) {
      return;
    }
    if (type != null && !type.equals(eventType)) {
      observer.eventsOut(type, events);
      events = 0;
    }
    type = eventType;
    events += count;
    oldestNanos = Math.min(oldestNanos, arrivalNanos);
  }

  void report() {
    if (type == null) {
      return;
    }
    observer.eventsOut(type, events);
    observer.fanoutSince(oldestNanos);
    type = null;
    events = 0;
    oldestNanos = Long.MAX_VALUE;
  }
}
