package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.function.Supplier;

/**
 * The probes, served by vertx-health-check. {@code GET /health/live}: UP while the process serves
 * HTTP. {@code GET /health/ready}: runs every named check (each bounded by a timeout) and answers
 * 200 when all pass, 503 when any fails or once draining has begun. Body (the module's):
 * {@code {"status":"UP|DOWN","checks":[{"id":..,"status":..,"data":{"cause":..}}],"outcome":..}},
 * plus {@code "data":{"draining":true}} while draining.
 *
 * <p>Our own code only for what the module lacks: the draining switch of the graceful shutdown,
 * and 503 rather than the module's 500 for a check that times out.
 */
public final class HealthRoutes {

  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";

  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private final long checkTimeoutMillis;
  private volatile boolean draining;

  public HealthRoutes(Vertx vertx, long checkTimeoutMillis) {
    this.checkTimeoutMillis = Math.max(1, checkTimeoutMillis); // the module refuses 0
    this.liveness =
        HealthChecks.create(vertx)
            .register("http", checkTimeoutMillis, promise -> promise.complete(Status.OK()));
    this.readiness = HealthChecks.create(vertx);
  }

  /** Adds a readiness check; it passes when the future succeeds within the timeout. */
  public HealthRoutes check(String name, Supplier<Future<?>> check) {
    readiness.register(
        name,
        checkTimeoutMillis,
        promise ->
            run(check)
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        promise.tryComplete(Status.OK());
                      } else {
                        promise.tryFail(
                            ar.cause()); // tryFail: the module's timeout may have failed it already
                      }
                    }));
    return this;
  }

  /** From now on readiness is DOWN (shutdown has begun): the load balancer stops sending traffic. */
  public void markDraining() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  public void mount(Router router) {
    router
        .get(LIVE_PATH)
        .handler(HealthRoutes::noStore)
        .handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router
        .get(READY_PATH)
        .handler(HealthRoutes::noStore)
        .handler(
            HealthCheckHandler.createWithHealthChecks(readiness).resultMapper(this::readyResult));
  }

  private Future<CheckResult> readyResult(CheckResult result) {
    if (result.getChecks() != null) {
      result.getChecks().replaceAll(HealthRoutes::downRatherThanError);
    }
    if (draining) {
      result.setStatus(Status.KO(new JsonObject().put("draining", true)));
    }
    return Future.succeededFuture(result);
  }

  /** A failed check as plain DOWN: the module flags a timeout as a procedure error, answered with 500. */
  private static CheckResult downRatherThanError(CheckResult check) {
    Throwable failure = check.getFailure();
    return failure == null
        ? check
        : CheckResult.from(
            check.getId(), Status.KO(new JsonObject().put("cause", describe(failure))));
  }

  private static Future<?> run(Supplier<Future<?>> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static String describe(Throwable err) {
    String message = err.getMessage();
    return message == null || message.isBlank() ? err.getClass().getSimpleName() : message;
  }

  private static void noStore(RoutingContext ctx) {
    ctx.response().putHeader("Cache-Control", "no-store");
    ctx.next();
  }
}
