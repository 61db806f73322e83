package io.dssgateway.upstream;

import io.dssgateway.common.Position;
import io.vertx.core.Handler;
import io.vertx.core.http.WebSocket;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the frames of the live socket: answers heartbeats with {@code Z}, drops events at or
 * below the last seq, counts gaps and malformed frames, and hands each new event to the sink.
 */
final class FrameReceiver {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);

  private final StreamCounters counters;
  private final Position position;
  private final Handler<DssEvent> sink;
  private final Supplier<Subscription> subscription;

  /** @param position the stream's position, moved past each new event (and mirrored in the counters for other threads) */
  FrameReceiver(
      StreamCounters counters,
      Position position,
      Handler<DssEvent> sink,
      Supplier<Subscription> subscription) {
    this.counters = counters;
    this.position = position;
    this.sink = sink;
    this.subscription = subscription;
  }

  /** @param text null for a binary message; returns whether the frame shows a healthy line (event or heartbeat) */
  boolean receive(WebSocket ws, String text) {
    DssFrame frame =
        text == null ? new DssFrame.Malformed("binary message") : DssFrameCodec.decode(text);
    if (frame instanceof DssEvent event) {
      deliver(event);
      return true;
    }
    if (frame instanceof DssFrame.Heartbeat) {
      ws.writeTextMessage("Z");
      counters.heartbeats++;
      return true;
    }
    if (frame instanceof DssFrame.Malformed bad) {
      counters.malformed++;
      LOG.warn(
          "DSS stream {}: malformed frame ignored ({})", subscription.get().id(), bad.reason());
    }
    return false;
  }

  private void deliver(DssEvent event) {
    long last = position.lastSeq();
    Position.Arrival arrival = position.arrive(event.seq());
    if (!arrival.isNew()) {
      counters.duplicates++;
      return;
    }
    if (arrival == Position.Arrival.AFTER_SKIP) {
      counters.gaps++;
      LOG.warn(
          "DSS stream {}: upstream skipped seq {}..{}",
          subscription.get().id(),
          last + 1,
          event.seq() - 1);
    }
    counters.lastSeq = event.seq();
    counters.events++;
    try {
      sink.handle(event);
    } catch (RuntimeException e) {
      LOG.error(
          "DSS stream {}: event sink failed on seq {}", subscription.get().id(), event.seq(), e);
    }
  }
}
