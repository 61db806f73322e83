package io.dssgateway.sse;

/** What the SSE layer reports to metrics. Calls come from event loops and must be cheap. */
public interface SseObserver {

  SseObserver NONE = new SseObserver() {};

  default void connectionOpened() {}

  default void connectionClosed() {}

  default void eventsOut(String eventType, int count) {}

  default void fanoutSince(long arrivalNanos) {}

  default void replayed(int events) {}

  default void gap() {}

  default void slowClientCut() {}
}
