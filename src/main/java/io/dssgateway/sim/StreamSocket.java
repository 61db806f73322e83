package io.dssgateway.sim;

import io.vertx.core.http.ServerWebSocket;

/** One open DSS stream: a subscription's WebSocket, its heartbeat bookkeeping and its replay bound. */
final class StreamSocket {

  final ServerWebSocket ws;
  final SimSubscription subscription;
  private final long seqEnd;
  private final SimStats stats;
  private final Runnable onClose;
  int unansweredHeartbeats;
  private boolean closed;

  StreamSocket(
      ServerWebSocket ws,
      SimSubscription subscription,
      long seqEnd,
      SimStats stats,
      Runnable onClose) {
    this.onClose = onClose;
    this.ws = ws;
    this.subscription = subscription;
    this.seqEnd = seqEnd;
    this.stats = stats;
  }

  /** Sends an event frame unless it lies beyond {@code seq_end}; a client whose queue overflows is cut off. */
  void sendEvent(long seq, String frame) {
    if (seq <= seqEnd) {
      send(frame);
    }
  }

  void send(String text) {
    if (closed || ws.isClosed()) {
      return; // closed by the client, its close handler not run yet
    }
    if (ws.writeQueueFull()) {
      close(CloseCodes.TRY_AGAIN_LATER, "slow consumer");
      return;
    }
    ws.writeTextMessage(text);
    stats.framesSent++;
  }

  /** Closes the socket; the subscription is free for a new connection at once (not after the close handshake). */
  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      onClose.run();
      ws.close(code, reason);
    }
  }

  boolean closed() {
    return closed;
  }
}
