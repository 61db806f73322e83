package io.dssgateway.ops;

import io.dssgateway.common.HttpError;
import io.dssgateway.common.JsonErrorHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}, the Prometheus scrape: on the gateway's port, or with {@code metrics.port}
 * on a listener of its own that serves nothing else, so a proxy that routes the gateway's port
 * never exposes it.
 */
final class MetricsEndpoint {

  static final String PATH = "/metrics";

  private final GatewayMetrics metrics;

  MetricsEndpoint(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::scrape);
  }

  /** The metrics' own listener: {@code GET /metrics}, a JSON error for anything else. */
  Future<HttpServer> listen(Vertx vertx, String host, int port) {
    Router router = Router.router(vertx);
    mount(router);
    router
        .route()
        .handler(ctx -> ctx.fail(HttpError.notFound("Only " + PATH + " is served on this port")));
    router.route().failureHandler(JsonErrorHandler.create());
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen();
  }

  // A scrape formats every meter (histograms included): milliseconds of CPU. On a worker thread,
  // no browser's events wait behind it on the event loop.
  private void scrape(RoutingContext ctx) {
    ctx.vertx()
        .executeBlocking(() -> metrics.registry().scrape(), false)
        .onSuccess(
            body ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .end(body))
        .onFailure(ctx::fail);
  }
}
