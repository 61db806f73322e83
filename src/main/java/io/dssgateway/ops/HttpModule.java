package io.dssgateway.ops;

import io.dssgateway.api.GatewayRouter;
import io.dssgateway.common.Lifecycle;
import io.dssgateway.config.AppConfig;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaEndpoints;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The gateway's HTTP face: the router (API, {@code /events}, probes, the demo page), warmed up on a
 * loopback port of its own before one server instance per event loop listens on {@code http.port},
 * each with its own connection guard; {@code /metrics} on {@code metrics.port} when set; the
 * readiness checks. Stopping closes the servers.
 */
final class HttpModule implements Lifecycle {

  private final Vertx vertx;
  private final AppConfig config;
  private final GatewayMetrics metrics;
  private final HealthRoutes health;
  private final MetricsEndpoint metricsEndpoint;
  private final ConnectionGuard guard;
  private final AylaClient ayla;
  private final AylaEndpoints endpoints;
  private final AuthModule auth;
  private final StreamingModule streaming;
  private final HistoryModule history;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<ConnectionGuard.Loop> guardLoops = new CopyOnWriteArrayList<>();
  private HttpServer metricsServer;
  private volatile int gatewayPort = -1;
  private volatile int warmupPort = -1;

  HttpModule(
      Vertx vertx,
      AppConfig config,
      GatewayMetrics metrics,
      HealthRoutes health,
      AylaClient ayla,
      AylaEndpoints endpoints,
      AuthModule auth,
      StreamingModule streaming,
      HistoryModule history) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.health = health;
    this.ayla = ayla;
    this.endpoints = endpoints;
    this.auth = auth;
    this.streaming = streaming;
    this.history = history;
    this.metricsEndpoint = new MetricsEndpoint(metrics);
    this.guard =
        new ConnectionGuard(
            new ConnectionGuard.Limits(
                config.millis(OpsSettings.HTTP_BODY_TIMEOUT),
                config.millis(OpsSettings.HTTP_IDLE_TIMEOUT),
                config.integer(OpsSettings.HTTP_MAX_CONNECTIONS_PER_ADDRESS)));
  }

  @Override
  public Future<Void> start() {
    GatewayRouter.Parts parts =
        new GatewayRouter.Parts(
            ayla,
            auth.sessions(),
            auth.issuer(),
            auth.tickets(),
            auth.cookie(),
            auth.access(),
            auth.credentials(),
            streaming.hub(),
            streaming.sse(),
            auth.loginThrottle(),
            streaming.devices(),
            history.store());
    Router router =
        GatewayRouter.create(
            vertx,
            parts,
            new GatewayRouter.Config(
                config.integer(OpsSettings.HTTP_MAX_BODY),
                config.list(OpsSettings.CORS_ORIGINS),
                config.string(OpsSettings.WEBROOT),
                streaming.maxFilterValues(),
                config.integer(io.dssgateway.hub.HubSettings.STATE_FILL_DEVICES)),
            this::mountOps);
    return listen(router).onSuccess(v -> readiness());
  }

  private void mountOps(Router router) {
    router
        .route()
        .handler(
            AccessLog.create(
                config.bool(OpsSettings.ACCESS_LOG),
                localPort -> warmupPort > 0 && localPort == warmupPort));
    health.mount(router);
    if (config.integer(OpsSettings.METRICS_PORT) == 0) {
      metricsEndpoint.mount(router);
    }
  }

  private void readiness() {
    health.check(
        "http", ReadinessChecks.condition("HTTP server not listening", () -> gatewayPort > 0));
    if (auth.config().serviceMode()) {
      URI user = URI.create(endpoints.userUrl());
      int port = user.getPort() > 0 ? user.getPort() : "https".equals(user.getScheme()) ? 443 : 80;
      health.check("ayla", ReadinessChecks.tcpReachable(vertx, user.getHost(), port, 1000));
    }
    if (vertx.isClustered()) {
      health.check("cluster", ClusterProbes.ready(vertx));
    }
    metrics.clusterMembers(() -> ClusterProbes.members(vertx));
  }

  /**
   * One server instance per event loop (at most the cores), all sharing one port. Vert.x shares a
   * listening socket among instances bound to the same explicit port, so port 0 is resolved first.
   */
  private Future<Void> listen(Router router) {
    String host = config.string(OpsSettings.HTTP_HOST);
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return warmUp(router)
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> resolvePort(config.integer(OpsSettings.HTTP_PORT), host)))
        .compose(
            port ->
                vertx.deployVerticle(
                    () -> server(router, host, port, servers::add),
                    new DeploymentOptions().setInstances(instances)))
        .map(
            id -> {
              gatewayPort = servers.get(0).actualPort();
              return null;
            })
        .compose(v -> listenForMetrics(host));
  }

  /** With {@code metrics.port}, {@code /metrics} on a listener of its own. */
  private Future<Void> listenForMetrics(String host) {
    int port = config.integer(OpsSettings.METRICS_PORT);
    if (port == 0) {
      return Future.succeededFuture();
    }
    return metricsEndpoint
        .listen(vertx, host, port)
        .map(
            server -> {
              metricsServer = server;
              return null;
            });
  }

  /** The warm-up, on a server of its own: the same handlers on a loopback port, left out of Vert.x's metrics and the access log. */
  private Future<Void> warmUp(Router router) {
    Warmup warmup =
        new Warmup(
            vertx,
            config.integer(OpsSettings.HTTP_WARMUP_REQUESTS),
            config.integer(OpsSettings.HTTP_MAX_CONNECTIONS_PER_ADDRESS),
            () -> Warmup.token(auth.issuer()));
    return warmup
        .run(
            started ->
                metrics.unmeteredServer(
                    () ->
                        vertx.deployVerticle(
                            server(
                                router,
                                Warmup.HOST,
                                0,
                                server -> {
                                  warmupPort = server.actualPort();
                                  started.accept(server);
                                }))))
        .andThen(done -> warmupPort = -1);
  }

  private HttpServerVerticle server(
      Router router, String host, int port, Consumer<HttpServer> started) {
    ConnectionGuard.Loop loop = guard.loop();
    guardLoops.add(loop);
    return new HttpServerVerticle(
        router, loop, config.millis(OpsSettings.HTTP_IDLE_TIMEOUT), host, port, started);
  }

  private static int resolvePort(int port, String host) throws java.io.IOException {
    if (port != 0) {
      return port;
    }
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  /** Closes every listener (open SSE streams are ended by the streaming module's drain first). */
  @Override
  public Future<Void> stop() {
    guardLoops.forEach(loop -> loop.stop(vertx));
    return Future.join(servers().stream().map(HttpServer::close).toList()).mapEmpty();
  }

  /** Every listening server: the gateway's instances and, with {@code metrics.port}, the metrics listener. */
  List<HttpServer> servers() {
    List<HttpServer> all = new ArrayList<>(servers);
    if (metricsServer != null) {
      all.add(metricsServer);
    }
    return all;
  }

  int gatewayPort() {
    return gatewayPort;
  }

  /** The port serving {@code /metrics}: {@code metrics.port}, or the gateway's when that is 0. */
  int metricsPort() {
    return metricsServer != null ? metricsServer.actualPort() : gatewayPort;
  }

  boolean hasMetricsListener() {
    return metricsServer != null;
  }
}
