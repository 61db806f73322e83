package io.dssgateway.upstream;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream DSS stream that heals itself. It holds one WebSocket for one subscription, answers
 * every heartbeat with {@code Z}, and reconnects (exponential backoff, full jitter, cap) when the
 * socket closes, fails, or stays silent for more than two heartbeat intervals, resuming with
 * {@code seq_start = lastSeq + 1}. Events at or below the last seq are dropped as duplicates, so
 * the sink sees every seq once, in order, on this stream's event-loop context.
 *
 * <p>Upgrade refusals: 409 (key still in use, e.g. the old socket is not closed yet) backs off and
 * retries; 404 (key unknown: the subscription is gone) recreates it through the supplier (a new
 * seq space: lastSeq restarts at 0 and listeners hear {@code resubscribed}) or, without one,
 * FAILED; 401/403 runs the optional {@link #onUnauthorized} refresher, then backs off and retries.
 *
 * <p>All mutable state is touched only on the stream's context; counters are volatile for readers
 * elsewhere. One periodic watchdog per stream, no per-event timers. Never logs the stream key.
 */
public final class UpstreamStream {

  public enum State { CONNECTING, LIVE, BACKING_OFF, FAILED, STOPPED }

  /** Hooks called on the stream's context. */
  public interface Listener {
    default void stateChanged(UpstreamStream stream, State from, State to) {
    }

    /** The subscription was recreated: a new seq space, so downstream must treat it as a new incarnation. */
    default void resubscribed(UpstreamStream stream, Subscription previous, Subscription current) {
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);
  private static final long CLOSE_TIMEOUT_MS = 1000;
  private static final Listener NO_LISTENER = new Listener() { };

  private final Vertx vertx;
  private final StreamOptions options;
  private final WebSocketClient client;
  private final StreamUrl url;
  private final Handler<DssEvent> sink;
  private final Supplier<Future<Subscription>> recreate;
  private final StreamCounters counters = new StreamCounters();
  private final Promise<Void> started = Promise.promise();
  private volatile Listener listener = NO_LISTENER;
  private volatile Supplier<Future<Void>> unauthorizedHandler;
  private volatile Subscription subscription;
  private volatile State state = State.CONNECTING;

  private Context context;
  private WebSocket current;
  private WebSocket pending;
  private long lastActivityNanos;
  private long watchdogTimer = -1;
  private long retryTimer = -1;
  private long connectGeneration;
  private long connectStartedNanos;
  private int attempt;
  private boolean needsRecreate;
  private boolean stopped;

  /**
   * @param lastSeq the last seq already delivered (0 = fresh: replay from seq 1)
   * @param recreate makes a new subscription when the key is unknown upstream; null = go FAILED
   */
  public UpstreamStream(Vertx vertx, StreamOptions options, WebSocketClient client, String wsUrl,
      Subscription subscription, long lastSeq, Handler<DssEvent> sink, Supplier<Future<Subscription>> recreate) {
    this.vertx = vertx;
    this.options = options;
    this.client = client;
    this.url = StreamUrl.parse(wsUrl);
    this.subscription = subscription;
    this.sink = sink;
    this.recreate = recreate;
    counters.lastSeq = lastSeq;
  }

  /** A WebSocket client fit for DSS streams: hostname verification on, room for many streams. */
  public static WebSocketClient newWebSocketClient(Vertx vertx) {
    return vertx.createWebSocketClient(new WebSocketClientOptions()
        .setVerifyHost(true)
        .setTrustAll(false)
        .setMaxConnections(10_000)
        .setMaxMessageSize(4 * 1024 * 1024));
  }

  public UpstreamStream listener(Listener listener) {
    this.listener = listener == null ? NO_LISTENER : listener;
    return this;
  }

  /** Called when the upgrade is refused with 401/403, before the retry (e.g. refresh the Ayla session). */
  public UpstreamStream onUnauthorized(Supplier<Future<Void>> refresher) {
    this.unauthorizedHandler = refresher;
    return this;
  }

  /**
   * Starts connecting. Completes when the stream is first LIVE, fails if it goes FAILED or is
   * stopped first; connection failures in between are retried, not reported here.
   */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      long period = Math.max(10, options.heartbeatIntervalMs() / 2);
      watchdogTimer = vertx.setPeriodic(period, id -> checkLine());
      connect();
    });
    return started.future();
  }

  /** Closes the socket and stops healing; the subscription is left alone (the owner deletes it). */
  public Future<Void> stop() {
    if (context == null) {
      stopped = true;
      state = State.STOPPED;
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      stopped = true;
      vertx.cancelTimer(watchdogTimer);
      vertx.cancelTimer(retryTimer);
      WebSocket ws = current != null ? current : pending;
      current = null;
      pending = null;
      setState(State.STOPPED);
      started.tryFail("stream stopped");
      // a peer that never answers the close frame must not hold the stop (shutdown has a deadline)
      (ws == null ? Future.<Void>succeededFuture() : ws.close().timeout(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS))
          .onComplete(ar -> done.complete());
    });
    return done.future();
  }

  public State state() {
    return state;
  }

  public long lastSeq() {
    return counters.lastSeq;
  }

  /** The current subscription (replaced after a recreate). */
  public Subscription subscription() {
    return subscription;
  }

  public StreamCounters.Snapshot counters() {
    return counters.snapshot();
  }

  private void connect() {
    if (stopped) {
      return;
    }
    setState(State.CONNECTING);
    if (needsRecreate) {
      recreateSubscription();
      return;
    }
    WebSocketConnectOptions connectOptions = url.connectOptions(subscription.streamKey(), counters.lastSeq + 1,
        options.connectTimeoutMs());
    // Handlers go on before the upgrade: replayed frames can arrive in the same read as the 101 answer.
    ClientWebSocket ws = client.webSocket();
    ws.textMessageHandler(text -> onMessage(ws, text));
    ws.binaryMessageHandler(data -> onMessage(ws, null));
    ws.exceptionHandler(err -> LOG.debug("DSS stream {} socket error: {}", subscription.id(), err.getClass().getSimpleName()));
    ws.closeHandler(v -> onClosed(ws));
    pending = ws;
    long generation = ++connectGeneration;
    connectStartedNanos = System.nanoTime();
    onContext(ws.connect(connectOptions), ar -> {
      if (generation != connectGeneration || stopped) {
        if (ar.succeeded()) {
          ws.close();
        }
      } else if (ws != pending) {
        return; // already promoted by its first frame (and maybe already closed)
      } else if (ar.succeeded()) {
        promote(ws);
      } else {
        pending = null;
        onConnectFailed(ar.cause());
      }
    });
  }

  /** The socket becomes the live one: on its upgrade answer or its first frame, whichever comes first. */
  private void promote(WebSocket ws) {
    pending = null;
    current = ws;
    lastActivityNanos = System.nanoTime();
    setState(State.LIVE);
    started.tryComplete();
  }

  private void onMessage(WebSocket ws, String text) {
    if (ws == pending) {
      promote(ws);
    }
    if (ws != current) {
      return;
    }
    lastActivityNanos = System.nanoTime();
    DssFrame frame = text == null ? new DssFrame.Malformed("binary message") : DssFrameCodec.decode(text);
    if (frame instanceof DssEvent event) {
      attempt = 0;
      deliver(event);
    } else if (frame instanceof DssFrame.Heartbeat) {
      attempt = 0;
      ws.writeTextMessage("Z");
      counters.heartbeats++;
    } else if (frame instanceof DssFrame.Malformed bad) {
      counters.malformed++;
      LOG.warn("DSS stream {}: malformed frame ignored ({})", subscription.id(), bad.reason());
    }
  }

  private void deliver(DssEvent event) {
    long last = counters.lastSeq;
    if (event.seq() <= last) {
      counters.duplicates++;
      return;
    }
    if (event.seq() != last + 1) {
      counters.gaps++;
      LOG.warn("DSS stream {}: upstream skipped seq {}..{}", subscription.id(), last + 1, event.seq() - 1);
    }
    counters.lastSeq = event.seq();
    counters.events++;
    try {
      sink.handle(event);
    } catch (RuntimeException e) {
      LOG.error("DSS stream {}: event sink failed on seq {}", subscription.id(), event.seq(), e);
    }
  }

  private void onClosed(WebSocket ws) {
    if (ws != current) {
      return;
    }
    current = null;
    reconnectLater("socket closed by Ayla");
  }

  /** The watchdog: a line with neither heartbeat nor event for two intervals is dead. */
  private void checkLine() {
    if (stopped) {
      return;
    }
    WebSocket ws = current;
    if (ws == null) {
      abandonSlowUpgrade();
      return;
    }
    long silentMs = (System.nanoTime() - lastActivityNanos) / 1_000_000;
    if (silentMs > options.silenceLimitMs()) {
      current = null;
      ws.close();
      reconnectLater("no heartbeat or event for " + silentMs + " ms");
    }
  }

  /** An upgrade that neither succeeds nor fails (server accepts TCP, never answers) is abandoned. */
  private void abandonSlowUpgrade() {
    long waitingMs = (System.nanoTime() - connectStartedNanos) / 1_000_000;
    if (state == State.CONNECTING && !needsRecreate && waitingMs > options.connectTimeoutMs() + options.silenceLimitMs()) {
      connectGeneration++;
      pending = null;
      reconnectLater("no answer to the upgrade for " + waitingMs + " ms");
    }
  }

  private void onConnectFailed(Throwable err) {
    if (stopped) {
      return;
    }
    if (!(err instanceof UpgradeRejectedException refused)) {
      reconnectLater("connect failed: " + scrub(err));
      return;
    }
    switch (refused.getStatus()) {
      case 404 -> subscriptionGone();
      case 401, 403 -> unauthorized(refused.getStatus());
      case 409 -> reconnectLater("stream key still in use (409)");
      default -> reconnectLater("upgrade refused with " + refused.getStatus());
    }
  }

  private void subscriptionGone() {
    if (recreate == null) {
      fail("subscription " + subscription.id() + " no longer exists upstream");
      return;
    }
    LOG.warn("DSS stream {}: subscription gone upstream, recreating it (new seq space)", subscription.id());
    needsRecreate = true;
    recreateSubscription();
  }

  private void recreateSubscription() {
    onContext(recreate.get(), ar -> {
      if (stopped) {
        return;
      }
      if (ar.succeeded()) {
        Subscription previous = subscription;
        subscription = ar.result();
        counters.lastSeq = 0;
        needsRecreate = false;
        notifyListener(() -> listener.resubscribed(this, previous, subscription));
        connect();
      } else if (ar.cause() instanceof AylaException e && !e.isTransient()) {
        fail("could not recreate the subscription: Ayla answered " + e.status());
      } else {
        reconnectLater("recreating the subscription failed: " + scrub(ar.cause()));
      }
    });
  }

  private void unauthorized(int status) {
    Supplier<Future<Void>> refresher = unauthorizedHandler;
    if (refresher == null) {
      reconnectLater("upgrade refused with " + status);
      return;
    }
    onContext(refresher.get(), ar -> {
      if (!stopped) {
        reconnectLater("upgrade refused with " + status + (ar.succeeded() ? "; session refreshed" : "; refresh failed"));
      }
    });
  }

  private void reconnectLater(String reason) {
    if (stopped) {
      return;
    }
    counters.reconnects++;
    long delay = Math.max(1, options.backoffMs(attempt, ThreadLocalRandom.current().nextDouble()));
    attempt = Math.min(attempt + 1, 62);
    LOG.info("DSS stream {}: reconnecting in {} ms ({})", subscription.id(), delay, reason);
    setState(State.BACKING_OFF);
    retryTimer = vertx.setTimer(delay, id -> {
      retryTimer = -1;
      connect();
    });
  }

  private void fail(String reason) {
    LOG.error("DSS stream {} failed: {}", subscription.id(), reason);
    vertx.cancelTimer(watchdogTimer);
    setState(State.FAILED);
    started.tryFail(reason);
  }

  private void setState(State next) {
    State previous = state;
    if (previous == next) {
      return;
    }
    state = next;
    notifyListener(() -> listener.stateChanged(this, previous, next));
  }

  private void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.error("DSS stream {}: listener failed", subscription.id(), e);
    }
  }

  /** Runs the callback on this stream's context whatever context completes the future. */
  private <T> void onContext(Future<T> future, Handler<AsyncResult<T>> callback) {
    future.onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        callback.handle(ar);
      } else {
        context.runOnContext(v -> callback.handle(ar));
      }
    });
  }

  /** An error description with the stream key blanked out (some messages quote the request URI). */
  private String scrub(Throwable err) {
    String message = String.valueOf(err.getMessage());
    return err.getClass().getSimpleName() + ": " + message.replace(subscription.streamKey(), "<stream-key>");
  }
}
