package io.dssgateway.hub;

import io.dssgateway.upstream.DssEvent;
import io.vertx.core.buffer.Buffer;

/**
 * An event as the hub publishes it: the DSS event plus its SSE encoding, made once and shared
 * by every connection. {@code idLine} is the {@code id:} line for a connection reading only this
 * stream; {@code body} is the {@code event:}/{@code data:} lines and the blank line.
 */
public record HubEvent(long subscriptionId, DssEvent event, Buffer idLine, Buffer body, long receivedNanos) {

  public long seq() {
    return event.seq();
  }
}
