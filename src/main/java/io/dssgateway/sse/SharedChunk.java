package io.dssgateway.sse;

import io.dssgateway.hub.HubEvent;
import io.netty.buffer.ByteBuf;

/**
 * One live event as every single-stream browser of a loop receives it (its position line and
 * body), framed as one HTTP/1.1 chunk the first time a browser needs it; each browser then
 * writes a duplicate of the same bytes. Reused by its loop group for one delivery at a time.
 */
final class SharedChunk {

  private HubEvent event;
  private ByteBuf framed;

  /** Starts a delivery of this event. */
  SharedChunk of(HubEvent e) {
    release();
    event = e;
    return this;
  }

  /** The framed event for one more browser; the socket releases it once written. */
  ByteBuf retainedDuplicate() {
    if (framed == null) {
      framed = Chunks.frame(event.position(), event.body());
    }
    return framed.retainedDuplicate();
  }

  /** The delivery is over: the browsers' duplicates keep the bytes as long as they need them. */
  void release() {
    if (framed != null) {
      framed.release();
      framed = null;
    }
    event = null;
  }
}
