package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;

/**
 * An event as the hub publishes it: which subscription incarnation it belongs to, the event, and
 * its encoding made once by the {@link EventFormat} and shared by every subscriber.
 */
public record HubEvent(
    long subscriptionId, StreamEvent event, Buffer position, Buffer body, long receivedNanos) {

  public long seq() {
    return event.seq();
  }
}
