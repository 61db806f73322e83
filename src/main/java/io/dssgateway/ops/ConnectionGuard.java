package io.dssgateway.ops;

import io.dssgateway.common.HttpError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

/**
 * What Vert.x's idle timeout (set on the server, see {@link HttpServerVerticle}) cannot bound, for
 * connections Vert.x has handed over:
 * <ul>
 *   <li>a request body must end within {@code http.body-timeout-ms} of its head, however slowly it
 *   trickles (a short body under a larger {@code Content-Length}): 408 {@code request_timeout}, closed;</li>
 *   <li>after a response, the next request head must arrive within {@code http.idle-timeout-ms}, however
 *   slowly it trickles: closed;</li>
 *   <li>at most {@code http.max-connections-per-address} connections per client address: each request on
 *   an excess connection is answered 429 {@code too_many_connections} and the connection closed.</li>
 * </ul>
 * A request in progress is the server's turn, so an open SSE stream (a request whose response never
 * ends) is exempt. 0 turns a limit off.
 *
 * <p>Each server instance (one per event loop) has a {@link Loop} of its own: its connections, their
 * requests and one periodic sweep, all on that loop's thread. Nothing is locked, and no sweep ever
 * looks at another loop's connection (Vert.x's HTTP/2 connection takes its own lock while it reports
 * a request; a sweep from another thread asking about that connection's responses could deadlock
 * with it). No timer per connection, none for open streams (the fan-out rule).
 *
 * <p>Vert.x creates the connection object only once the first request head is parsed (it must see
 * whether the head asks for an h2c upgrade), so the first head itself is bounded only by the idle
 * timeout between its bytes and by the size limits on the request line and headers.
 */
final class ConnectionGuard {

  /** How the guard is set up, from the {@code http.*} settings. */
  record Limits(long bodyMillis, long idleMillis, int maxPerAddress) {

    /** A quarter of the shorter timeout, between 20 ms and 1 s; 0 when neither is set. */
    long sweepMillis() {
      long shortest = LongStream.of(bodyMillis, idleMillis).filter(m -> m > 0).min().orElse(0);
      return shortest > 0 ? Math.max(20, Math.min(1000, shortest / 4)) : 0;
    }
  }

  /**
   * An open stream (body read, response under way) has nothing to time out until its response
   * ends, so the sweep looks at it only one time in this many: thousands of idle SSE connections
   * then cost the loop a fraction of the work, and an ended stream's idle connection is closed at
   * most this many sweep periods late.
   */
  private static final int STREAM_SWEEPS = 16;

  /** How long a connection cut off mid-body stays half-closed for its client to read the 408. */
  private static final long LINGER_MILLIS = 2000;

  private final Limits limits;
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private volatile Vertx vertx;

  ConnectionGuard(Limits limits) {
    this.limits = limits;
  }

  /** A guard for one server instance; its handlers and sweep must all run on one event loop. */
  Loop loop() {
    return new Loop();
  }

  private static boolean past(long since, long millis, long now) {
    return millis > 0 && now - since > millis * 1_000_000;
  }

  /** The connections of one event loop, only ever touched from that loop's thread. */
  final class Loop {
    private final Map<HttpConnection, Tracked> connections = new HashMap<>();
    private long sweepTimer = -1;

    private Loop() {}

    /** Starts the sweep; call on the loop this guard serves (a timer fires on the context that set it). */
    void start(Vertx vertx) {
      ConnectionGuard.this.vertx = vertx;
      long period = limits.sweepMillis();
      if (period > 0) {
        sweepTimer = vertx.setPeriodic(period, id -> sweep(System.nanoTime()));
      }
    }

    void stop(Vertx vertx) {
      if (sweepTimer >= 0) {
        vertx.cancelTimer(sweepTimer);
        sweepTimer = -1;
      }
    }

    /** For {@code HttpServer.connectionHandler}: counts the connection against its address, tracks it. */
    Handler<HttpConnection> connections() {
      return conn -> {
        String address =
            conn.remoteAddress() == null ? "?" : String.valueOf(conn.remoteAddress().hostAddress());
        int open = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        connections.put(
            conn,
            new Tracked(
                conn,
                System.nanoTime(),
                limits.maxPerAddress() > 0 && open > limits.maxPerAddress()));
        conn.closeHandler(
            v -> {
              connections.remove(conn);
              perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
            });
      };
    }

    /**
     * In front of the router: a request head arrived on a tracked connection. It keeps the core
     * request, not the router's context (an open SSE stream would otherwise hold its routing state).
     */
    Handler<HttpServerRequest> requests(
        Handler<HttpServerResponse> headers, Handler<HttpServerRequest> next) {
      return request -> {
        Tracked tracked = connections.get(request.connection());
        if (tracked != null && tracked.refused) {
          refuse(request, headers);
          return;
        }
        if (tracked != null) {
          tracked.inProgress.add(new Exchange(request, System.nanoTime()));
        }
        next.handle(request);
      };
    }

    void sweep(long now) {
      List<Runnable> actions = new ArrayList<>(0);
      for (Tracked tracked : connections.values()) {
        tracked.check(now, actions);
      }
      // after the walk: closing a connection may run its close handler, which edits the map
      actions.forEach(Runnable::run);
    }
  }

  private static void refuse(HttpServerRequest request, Handler<HttpServerResponse> headers) {
    HttpError error =
        HttpError.tooManyConnections("Too many connections from your address; reuse one");
    HttpServerResponse response = request.response();
    headers.handle(response);
    response
        .setStatusCode(429)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Retry-After", "1")
        .putHeader("Connection", "close")
        .end(error.toJson().encode())
        .onComplete(v -> request.connection().close());
  }

  /** One request on a connection, from its head until its response ended. */
  private record Exchange(HttpServerRequest request, long headNanos) {
    HttpServerResponse response() {
      return request.response();
    }
  }

  /** A connection's requests in progress, and since when it has had none. */
  private final class Tracked {
    private final HttpConnection conn;
    private final boolean refused;
    private final List<Exchange> inProgress = new ArrayList<>(1);
    private long waitingSince;
    private boolean closing;
    private int skipSweeps; // an open stream is looked at again only every STREAM_SWEEPS sweeps

    Tracked(HttpConnection conn, long now, boolean refused) {
      this.conn = conn;
      this.waitingSince = now;
      this.refused = refused;
    }

    void check(long now, List<Runnable> actions) {
      if (closing) {
        return;
      }
      if (skipSweeps > 0) {
        skipSweeps--;
        return;
      }
      boolean hadRequests = !inProgress.isEmpty();
      inProgress.removeIf(e -> e.response().ended() || e.response().closed());
      if (hadRequests && inProgress.isEmpty()) {
        waitingSince = now;
      }
      if (inProgress.isEmpty()) {
        if (past(waitingSince, limits.idleMillis(), now)) {
          closing = true;
          actions.add(conn::close);
        }
        return;
      }
      boolean streaming = true;
      for (Exchange e : inProgress) {
        if (!e.request().isEnded() && past(e.headNanos(), limits.bodyMillis(), now)) {
          closing = true;
          actions.add(() -> timeOut(e));
          return;
        }
        streaming &= e.request().isEnded() && e.response().headWritten();
      }
      if (streaming) {
        skipSweeps = STREAM_SWEEPS - 1;
      }
    }

    private void timeOut(Exchange e) {
      HttpServerResponse response = e.response();
      if (response.headWritten() || response.ended() || response.closed()) {
        conn.close();
        return;
      }
      HttpError error =
          new HttpError(
              408,
              "request_timeout",
              "The request body did not arrive within " + limits.bodyMillis() + " ms");
      response
          .setStatusCode(408)
          .putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .putHeader("Connection", "close")
          .end(error.toJson().encode())
          .onComplete(v -> io.dssgateway.vertx.LingeringClose.close(vertx, conn, LINGER_MILLIS));
    }
  }
}
