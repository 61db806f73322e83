package io.dssgateway.hub;

/**
 * The canonical identity of a shared upstream stream: whose Ayla scope it runs in, which event
 * type, which filter. Requests with equal keys share one upstream subscription and socket.
 */
public record StreamKey(String scope, String eventType, Filter filter) {

  public StreamKey {
    filter = filter.forType(eventType);
  }

  public String canonical() {
    return scope + "|" + eventType + "|" + filter.canonical();
  }

  /** True when a stream with this key can serve every event a request for {@code other} wants. */
  public boolean covers(StreamKey other) {
    return scope.equals(other.scope)
        && eventType.equals(other.eventType)
        && filter.covers(other.filter);
  }
}
