package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;

/**
 * How subscribers want an event as bytes, supplied by the subscriber side. The hub calls it once
 * per event and every subscriber shares the result, so an event is encoded once however many read it.
 */
public interface EventFormat {

  /** The position line for a subscriber reading only this stream (its cursor is this one event's). */
  Buffer position(String cursor);

  /** The event itself, after its position. */
  Buffer body(StreamEvent event);
}
