package io.dssgateway.upstream;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket of one {@link UpstreamStream}: the attempt being upgraded ({@code pending}) and the
 * live one ({@code current}). Only the newest attempt counts; a socket that is neither pending nor
 * current is ignored. Used on the stream's context only.
 */
final class UpstreamSocket {

  /** What the stream hears, on its context. */
  interface Events {
    void live();

    void frame(WebSocket ws, String text);

    void closed();

    void connectFailed(Throwable err);
  }

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);
  private static final long CLOSE_TIMEOUT_MS = 1000;

  private final WebSocketClient client;
  private final StreamUrl url;
  private final StreamConfig config;
  private final Events events;
  private WebSocket current;
  private WebSocket pending;
  private long generation;
  private long connectStartedNanos;
  private long lastActivityNanos;

  UpstreamSocket(WebSocketClient client, StreamUrl url, StreamConfig config, Events events) {
    this.client = client;
    this.url = url;
    this.config = config;
    this.events = events;
  }

  /** Opens a socket resuming at {@code fromSeq}; the outcome reaches {@link Events} on {@code context}. */
  void connect(Context context, Subscription subscription, long fromSeq) {
    WebSocketConnectOptions connectOptions =
        url.connectOptions(subscription.streamKey(), fromSeq, config.connectTimeoutMs());
    // Handlers go on before the upgrade: replayed frames can arrive in the same read as the 101
    // answer.
    ClientWebSocket ws = client.webSocket();
    ws.textMessageHandler(text -> onMessage(ws, text));
    ws.binaryMessageHandler(data -> onMessage(ws, null));
    ws.exceptionHandler(
        err ->
            LOG.debug(
                "DSS stream {} socket error: {}",
                subscription.id(),
                err.getClass().getSimpleName()));
    ws.closeHandler(v -> onClosed(ws));
    pending = ws;
    long attempt = ++generation;
    connectStartedNanos = System.nanoTime();
    onContext(
        context,
        ws.connect(connectOptions),
        ar -> {
          if (attempt != generation) {
            if (ar.succeeded()) {
              ws.close();
            }
          } else if (ws != pending) {
            return; // already promoted by its first frame (and maybe already closed)
          } else if (ar.succeeded()) {
            promote(ws);
          } else {
            pending = null;
            events.connectFailed(ar.cause());
          }
        });
  }

  boolean isLive() {
    return current != null;
  }

  long silentMs() {
    return (System.nanoTime() - lastActivityNanos) / 1_000_000;
  }

  long upgradeWaitMs() {
    return (System.nanoTime() - connectStartedNanos) / 1_000_000;
  }

  /** Forgets the attempt being upgraded: its late answer is closed, not promoted. */
  void abandonPending() {
    generation++;
    pending = null;
  }

  void closeLive() {
    WebSocket ws = current;
    current = null;
    ws.close();
  }

  /**
   * Forgets both sockets and closes the live one, bounded: a peer may never answer the close frame.
   * An attempt still upgrading is only abandoned (closing it throws "Not connected"): if it
   * connects after all, {@link #connect}'s callback closes it.
   */
  Future<Void> closeAll() {
    WebSocket ws = current;
    current = null;
    abandonPending();
    return ws == null
        ? Future.succeededFuture()
        : ws.close().timeout(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** The socket becomes the live one: on its upgrade answer or its first frame, whichever comes first. */
  private void promote(WebSocket ws) {
    pending = null;
    current = ws;
    lastActivityNanos = System.nanoTime();
    events.live();
  }

  private void onMessage(WebSocket ws, String text) {
    if (ws == pending) {
      promote(ws);
    }
    if (ws != current) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    events.frame(ws, text);
  }

  private void onClosed(WebSocket ws) {
    if (ws != current) {
      return;
    }
    current = null;
    events.closed();
  }

  /** Runs the callback on {@code context} whatever context completes the future. */
  static <T> void onContext(Context context, Future<T> future, Handler<AsyncResult<T>> callback) {
    future.onComplete(
        ar -> {
          if (Vertx.currentContext() == context) {
            callback.handle(ar);
          } else {
            context.runOnContext(v -> callback.handle(ar));
          }
        });
  }
}
