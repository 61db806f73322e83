package io.dssgateway.upstream;

import io.dssgateway.common.Position;
import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
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
 * FAILED; 401/403 backs off and retries (the stream key is the socket's only credential), except
 * on a subscription {@linkplain #resumedFromRecord() resumed from a record} that has not been live
 * since, which Ayla has forgotten: it is recreated like a 404.
 *
 * <p>All mutable state is touched only on the stream's context; counters are volatile for readers
 * elsewhere. One periodic watchdog per stream, no per-event timers. Never logs the stream key.
 * The parts: {@link UpstreamSocket} (the connection attempt), {@link FrameReceiver} (frames, dedup),
 * {@link ConnectFailures} (upgrade refusals), {@link ReconnectBackoff}, {@link LineWatchdog}.
 */
public final class UpstreamStream {

  public enum State {
    CONNECTING,
    LIVE,
    BACKING_OFF,
    FAILED,
    STOPPED
  }

  /** Hooks called on the stream's context. */
  public interface Listener {
    default void stateChanged(UpstreamStream stream, State from, State to) {}

    /** The subscription was recreated: a new seq space, so downstream must treat it as a new incarnation. */
    default void resubscribed(UpstreamStream stream, Subscription previous, Subscription current) {}
  }

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);
  private static final Listener NO_LISTENER = new Listener() {};

  private final Vertx vertx;
  private final StreamCounters counters = new StreamCounters();
  private final Position position;
  private final Promise<Void> started = Promise.promise();
  private final UpstreamSocket socket;
  private final FrameReceiver frames;
  private final ConnectFailures failures;
  private final ReconnectBackoff backoff;
  private final LineWatchdog watchdog;
  private volatile Listener listener = NO_LISTENER;
  private volatile Subscription subscription;
  private volatile State state = State.CONNECTING;

  private Context context;
  private Context home; // the loop it runs on, when not its starter's
  private boolean stopped;

  /**
   * @param lastSeq the last seq already delivered (0 = fresh: replay from seq 1)
   * @param recreate makes a new subscription when the key is unknown upstream; null = go FAILED
   */
  public UpstreamStream(
      Vertx vertx,
      StreamConfig config,
      WebSocketClient client,
      String wsUrl,
      Subscription subscription,
      long lastSeq,
      Handler<DssEvent> sink,
      Supplier<Future<Subscription>> recreate) {
    this.vertx = vertx;
    this.subscription = subscription;
    this.position = new Position(subscription.id(), lastSeq);
    counters.lastSeq = lastSeq;
    this.socket = new UpstreamSocket(client, StreamUrl.parse(wsUrl), config, new SocketEvents());
    this.frames = new FrameReceiver(counters, position, sink, this::subscription);
    this.failures = new ConnectFailures(recreate, new Recovery());
    this.backoff = new ReconnectBackoff(vertx, config);
    this.watchdog =
        new LineWatchdog(
            vertx,
            config,
            socket,
            () -> !stopped && state == State.CONNECTING && !failures.needsRecreate(),
            this::reconnectLater);
  }

  /** A WebSocket client fit for DSS streams: hostname verification on, room for many streams. */
  public static WebSocketClient newWebSocketClient(Vertx vertx) {
    return vertx.createWebSocketClient(
        new WebSocketClientOptions()
            .setVerifyHost(true)
            .setTrustAll(false)
            .setMaxConnections(10_000)
            .setMaxMessageSize(4 * 1024 * 1024)
            .setMetricsName("ayla-dss"));
  }

  /**
   * Runs the socket, its frames and its timers on {@code loop} rather than on the context that
   * starts it; its listener is then called there too. Call before {@link #start}.
   */
  public UpstreamStream on(Context loop) {
    this.home = loop;
    return this;
  }

  /** The subscription was recorded before a restart (or by another holder): Ayla may have forgotten it since. */
  public UpstreamStream resumedFromRecord() {
    failures.resumedFromRecord();
    return this;
  }

  public UpstreamStream listener(Listener listener) {
    this.listener = listener == null ? NO_LISTENER : listener;
    return this;
  }

  /**
   * Starts connecting. Completes when the stream is first LIVE, fails if it goes FAILED or is
   * stopped first; connection failures in between are retried, not reported here.
   */
  public Future<Void> start() {
    context = home != null ? home : vertx.getOrCreateContext();
    context.runOnContext(
        v -> {
          watchdog.start();
          connect();
        });
    // on a loop of its own, its starter goes on where it was
    return home != null ? CallerContext.of(started.future()) : started.future();
  }

  /** Closes the socket and stops healing; the subscription is left alone (the owner deletes it). */
  public Future<Void> stop() {
    if (context == null) {
      stopped = true;
      state = State.STOPPED;
      return Future.succeededFuture();
    }
    Promise<Void> done = callerPromise();
    context.runOnContext(
        v -> {
          stopped = true;
          watchdog.stop();
          backoff.cancel();
          setState(State.STOPPED);
          started.tryFail("stream stopped");
          socket.closeAll().onComplete(ar -> done.complete());
        });
    return done.future();
  }

  /**
   * Reads the subscription again from {@code afterSeq + 1}: the socket is replaced by one opened
   * with that {@code seq_start} (a reader that fell behind catches up; nothing is skipped). No-op
   * when the stream is not past that seq or is stopped.
   */
  public Future<Void> rewind(long afterSeq) {
    if (context == null) {
      return Future.failedFuture(new IllegalStateException("stream not started"));
    }
    Promise<Void> done = callerPromise();
    context.runOnContext(
        v -> {
          if (!stopped && state != State.FAILED && afterSeq < position.lastSeq()) {
            LOG.info(
                "DSS stream {}: reading again after seq {} (was at {})",
                subscription.id(),
                afterSeq,
                position.lastSeq());
            position.rewind(afterSeq);
            counters.lastSeq = position.lastSeq();
            socket.closeAll(); // frames of the old socket, and a late answer to a pending attempt,
            // are ignored from here
            backoff.cancel();
            reconnectLater("rewind");
          }
          done.complete();
        });
    return done.future();
  }

  /** Completes on the caller's context when the stream runs on a loop of its own. */
  private Promise<Void> callerPromise() {
    return home != null ? CallerContext.promise() : Promise.promise();
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
    if (failures.needsRecreate()) {
      failures.recreateSubscription(context);
      return;
    }
    socket.connect(context, subscription, position.lastSeq() + 1);
  }

  private void reconnectLater(String reason) {
    if (stopped) {
      return;
    }
    counters.reconnects++;
    long delay = backoff.nextDelayMs();
    LOG.info("DSS stream {}: reconnecting in {} ms ({})", subscription.id(), delay, reason);
    setState(State.BACKING_OFF);
    backoff.schedule(delay, this::connect);
  }

  private void fail(String reason) {
    LOG.error("DSS stream {} failed: {}", subscription.id(), reason);
    stopHealing(reason);
  }

  private void giveUp(String reason) {
    LOG.warn("DSS stream {} stopped: {}", subscription.id(), reason);
    stopHealing(reason);
  }

  private void stopHealing(String reason) {
    watchdog.stop();
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

  private final class SocketEvents implements UpstreamSocket.Events {
    @Override
    public void live() {
      failures.confirmed();
      setState(State.LIVE);
      started.tryComplete();
    }

    @Override
    public void frame(WebSocket ws, String text) {
      if (frames.receive(ws, text)) {
        backoff.reset();
      }
    }

    @Override
    public void closed() {
      reconnectLater("socket closed by Ayla");
    }

    @Override
    public void connectFailed(Throwable err) {
      failures.handle(context, err);
    }
  }

  private final class Recovery implements ConnectFailures.Recovery {
    @Override
    public Subscription subscription() {
      return subscription;
    }

    @Override
    public boolean stopped() {
      return stopped;
    }

    @Override
    public void retryLater(String reason) {
      reconnectLater(reason);
    }

    @Override
    public void fail(String reason) {
      UpstreamStream.this.fail(reason);
    }

    @Override
    public void giveUp(String reason) {
      UpstreamStream.this.giveUp(reason);
    }

    @Override
    public void resubscribed(Subscription fresh) {
      Subscription previous = subscription;
      subscription = fresh;
      position.resubscribed(fresh.id());
      counters.lastSeq = 0;
      notifyListener(() -> listener.resubscribed(UpstreamStream.this, previous, fresh));
      connect();
    }
  }
}
