package io.dssgateway.sse;

import io.dssgateway.hub.EventFormat;
import io.dssgateway.hub.StreamEvent;
import io.vertx.core.buffer.Buffer;

/** Hub events as SSE: {@code id: <cursor>} then {@code event: <type>} / {@code data: <the DSS JSON>}. */
public final class SseEventFormat implements EventFormat {

  @Override
  public Buffer position(String cursor) {
    return SseFormat.idLine(cursor);
  }

  @Override
  public Buffer body(StreamEvent event) {
    return SseFormat.eventBody(event.eventType(), event.json());
  }
}
