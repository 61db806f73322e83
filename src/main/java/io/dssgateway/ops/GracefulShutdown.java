package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIGTERM sequence, all within {@code shutdown.grace-ms}: readiness DOWN; every registered
 * HTTP server stops accepting (existing connections stay open while they drain); every
 * {@link Drainable} drains in parallel with the budget left; then the closers run (simulator,
 * stores) and Vert.x closes, which ends any connection still open. Whatever is late is abandoned
 * so the process exits on time.
 */
public final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  /** Part of the grace period kept for closing Vert.x after draining: a fifth, at most 1 s. */
  static final long MAX_CLOSE_RESERVE_MILLIS = 1000;

  private final Vertx vertx;
  private final long graceMillis;
  private final HealthRoutes health;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<Drainable> drainables = new CopyOnWriteArrayList<>();
  private final List<Supplier<Future<Void>>> closers = new CopyOnWriteArrayList<>();
  private final Promise<Void> done = Promise.promise();
  private volatile boolean started;

  public GracefulShutdown(Vertx vertx, long graceMillis, HealthRoutes health) {
    this.vertx = vertx;
    this.graceMillis = graceMillis;
    this.health = health;
  }

  /** A server that stops accepting new connections when shutdown begins. */
  public GracefulShutdown server(HttpServer server) {
    servers.add(server);
    return this;
  }

  public GracefulShutdown drainable(Drainable drainable) {
    drainables.add(drainable);
    return this;
  }

  /** Runs after draining, before Vert.x closes (e.g. {@code simulator::stop}). */
  public GracefulShutdown closer(Supplier<Future<Void>> closer) {
    closers.add(closer);
    return this;
  }

  /** Runs {@link #shutdown()} from a JVM shutdown hook (SIGTERM, SIGINT) and waits for it, bounded by the grace. */
  public GracefulShutdown installShutdownHook() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdownAndWait, "graceful-shutdown"));
    return this;
  }

  /** Starts the sequence once; later calls return the same future. Never fails. */
  public synchronized Future<Void> shutdown() {
    if (started) {
      return done.future();
    }
    started = true;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
    long drainBudget = graceMillis - Math.min(MAX_CLOSE_RESERVE_MILLIS, graceMillis / 5);
    LOG.info(
        "Shutting down: draining {} stream source(s) within {} ms", drainables.size(), drainBudget);
    health.markDraining();
    Future<Void> stopAccepting =
        Future.join(servers.stream().map(this::stopAccepting).toList()).mapEmpty();
    Future<Void> drained =
        Future.join(drainables.stream().map(d -> drainSafely(d, drainBudget)).toList()).mapEmpty();
    bounded(Future.join(stopAccepting, drained).mapEmpty(), drainBudget, "draining")
        .compose(
            v ->
                bounded(
                    Future.join(closers.stream().map(GracefulShutdown::closeSafely).toList())
                        .mapEmpty(),
                    remaining(deadline),
                    "closing components"))
        .compose(v -> vertx.close())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                LOG.warn("Shutdown: closing Vert.x failed: {}", ar.cause().getMessage());
              }
              LOG.info("Shutdown complete");
              done.complete();
            });
    return done.future();
  }

  private void shutdownAndWait() {
    try {
      shutdown()
          .toCompletionStage()
          .toCompletableFuture()
          .get(graceMillis + 500, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("Shutdown did not finish within {} ms; exiting anyway", graceMillis);
    } catch (Exception e) {
      LOG.warn("Shutdown interrupted: {}", e.toString());
    }
  }

  /** Stops accepting; the server itself is closed with Vert.x, after draining. */
  private Future<Void> stopAccepting(HttpServer server) {
    // shutdown(timeout) unbinds at once and lets open connections finish within the timeout.
    server
        .shutdown(graceMillis, TimeUnit.MILLISECONDS)
        .onFailure(
            err -> LOG.warn("Shutdown: closing an HTTP server failed: {}", err.getMessage()));
    return Future.succeededFuture();
  }

  private static Future<Void> drainSafely(Drainable drainable, long budget) {
    try {
      return drainable
          .drain(budget)
          .recover(
              err -> {
                LOG.warn("Shutdown: draining failed: {}", err.getMessage());
                return Future.succeededFuture();
              });
    } catch (RuntimeException e) {
      LOG.warn("Shutdown: draining failed: {}", e.getMessage());
      return Future.succeededFuture();
    }
  }

  private static Future<Void> closeSafely(Supplier<Future<Void>> closer) {
    try {
      return closer
          .get()
          .recover(
              err -> {
                LOG.warn("Shutdown: closing a component failed: {}", err.getMessage());
                return Future.succeededFuture();
              });
    } catch (RuntimeException e) {
      LOG.warn("Shutdown: closing a component failed: {}", e.getMessage());
      return Future.succeededFuture();
    }
  }

  /** The future, or success after {@code millis} with a warning: late work is abandoned, never waited for. */
  private Future<Void> bounded(Future<Void> work, long millis, String what) {
    Promise<Void> result = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, millis),
            id -> {
              if (result.tryComplete()) {
                LOG.warn("Shutdown: {} did not finish within {} ms; going on", what, millis);
              }
            });
    work.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          result.tryComplete();
        });
    return result.future();
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
