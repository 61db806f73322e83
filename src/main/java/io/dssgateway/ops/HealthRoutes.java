package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /health/live}: UP while the process serves HTTP. {@code GET /health/ready}: runs every
 * named check (each bounded by a timeout) and answers 200 when all pass, 503 when any fails or
 * once draining has begun. Body: {@code {"status":"UP|DOWN","checks":{"name":{"status":..,"error":..}}}}.
 */
public final class HealthRoutes {

  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";

  private final Map<String, Supplier<Future<?>>> checks = new LinkedHashMap<>();
  private final long checkTimeoutMillis;
  private volatile boolean draining;

  public HealthRoutes(long checkTimeoutMillis) {
    this.checkTimeoutMillis = checkTimeoutMillis;
  }

  /** Adds a readiness check; it passes when the future succeeds within the timeout. */
  public HealthRoutes check(String name, Supplier<Future<?>> check) {
    checks.put(name, check);
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
    router.get(LIVE_PATH).handler(ctx -> respond(ctx, 200, new JsonObject().put("status", "UP")));
    router.get(READY_PATH).handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    if (draining) {
      respond(ctx, 503, new JsonObject().put("status", "DOWN").put("draining", true));
      return;
    }
    List<String> names = new ArrayList<>(checks.keySet());
    List<Future<JsonObject>> results = names.stream().map(this::run).toList();
    Future.join(results).onComplete(ignored -> {
      JsonObject body = new JsonObject();
      boolean up = !draining;
      for (int i = 0; i < names.size(); i++) {
        JsonObject result = results.get(i).result();
        up &= "UP".equals(result.getString("status"));
        body.put(names.get(i), result);
      }
      respond(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", body));
    });
  }

  /** Never fails: the check's outcome as a JSON status. */
  private Future<JsonObject> run(String name) {
    Future<?> outcome;
    try {
      outcome = checks.get(name).get();
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome.timeout(checkTimeoutMillis, TimeUnit.MILLISECONDS)
        .map(v -> new JsonObject().put("status", "UP"))
        .otherwise(err -> new JsonObject().put("status", "DOWN").put("error", describe(err)));
  }

  private static String describe(Throwable err) {
    String message = err.getMessage();
    return message == null || message.isBlank() ? err.getClass().getSimpleName() : message;
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
