package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;

/**
 * An event as the hub publishes it: which subscription incarnation it belongs to, the event, and
 * its encoding made once by the {@link EventFormat} and shared by every subscriber.
 */
public record HubEvent(
    long subscriptionId, StreamEvent event, Buffer position, Buffer body, long receivedNanos)
    implements ReplayBuffer.Entry {

  /** Per event, beside the bytes of its arrays and strings: 571 measured on JDK 17 with compressed references. */
  static final long OVERHEAD = 576;

  @Override
  public long seq() {
    return event.seq();
  }

  /**
   * Its three byte arrays (the JSON, its SSE encoding, its id line), the strings filters match on, and
   * the objects around them (the two records, three buffers with their Netty byte buffers, a ring slot).
   * {@code ReplayHeapTest} checks the estimate against a measured heap.
   */
  @Override
  public long heapBytes() {
    return OVERHEAD
        + position.length()
        + body.length()
        + event.json().length()
        + chars(event.eventType())
        + chars(event.oemModel())
        + chars(event.dsn())
        + chars(event.propertyName());
  }

  private static long chars(String s) {
    return s == null ? 0 : s.length();
  }
}
