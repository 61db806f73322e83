package io.dssgateway.ops;

import io.dssgateway.common.Lifecycle;
import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;
import io.dssgateway.sim.SimConfig;
import io.dssgateway.sim.Simulator;
import io.dssgateway.sse.SseSettings;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaConfig;
import io.dssgateway.upstream.AylaEndpoints;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The one wiring class. The gateway is five parts, each started as a unit once the one before it is
 * up and stopped in reverse: its own data ({@link StoreModule}), who may do what ({@link AuthModule}),
 * collected history ({@link HistoryModule}), the way from Ayla's sockets to the browsers
 * ({@link StreamingModule}) and its HTTP face ({@link HttpModule}); the embedded simulator, when this
 * process runs it, starts first and stops last. Tests start it in-process on port 0.
 */
public final class Application {

  private static final long PART_STOP_SECONDS = 5;

  private final Vertx vertx;
  private final AppConfig config;
  private final GatewayMetrics metrics;
  private final HealthRoutes health;
  private final List<Lifecycle> parts = new ArrayList<>();
  private Simulator simulator;
  private int simPort = -1;
  private StreamingModule streaming;
  private HttpModule http;

  public Application(Vertx vertx, AppConfig config) {
    this(vertx, config, new GatewayMetrics());
  }

  public Application(Vertx vertx, AppConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.health = new HealthRoutes(vertx, config.millis(OpsSettings.HEALTH_TIMEOUT));
  }

  public Future<Application> start() {
    if (vertx.isClustered() && config.string(OpsSettings.SECRETS_KEY) == null) {
      return Future.failedFuture(
          new ConfigError(
              "secrets.key (DSS_SECRETS_KEY) is required when clustered: "
                  + "the same base64 of 32 random bytes on every replica (e.g. openssl rand -base64 32)"));
    }
    long idle = config.millis(OpsSettings.HTTP_IDLE_TIMEOUT);
    if (idle > 0 && idle <= config.millis(SseSettings.KEEPALIVE)) {
      return Future.failedFuture(
          new ConfigError(
              "http.idle-timeout-ms ("
                  + idle
                  + ") must exceed sse.keepalive-ms, else open SSE streams are closed as idle between keep-alives"));
    }
    String role = config.string(OpsSettings.ROLE);
    boolean runSim = role.equals("all") || role.equals("simulator");
    boolean runGateway = role.equals("all") || role.equals("gateway");
    Future<Void> sim = runSim ? startSimulator() : Future.succeededFuture();
    return sim.compose(v -> runGateway ? startGateway() : Future.succeededFuture()).map(this);
  }

  private Future<Void> startSimulator() {
    simulator = new Simulator(vertx, SimConfig.from(config));
    return simulator
        .start()
        .map(
            port -> {
              simPort = port;
              return null;
            });
  }

  private Future<Void> startGateway() {
    AylaEndpoints endpoints = AylaEndpoints.from(config, simPort);
    AylaClient ayla = new AylaClient(vertx, AylaConfig.from(config, endpoints));
    StoreModule store = new StoreModule(vertx, config);
    parts.add(closing(ayla::close)); // the REST client, closed after everything that calls Ayla
    parts.add(store);
    // each part is built once the parts it takes are up: their sessions, keys and pools exist by
    // then
    return start(store)
        .compose(v -> start(new AuthModule(vertx, config, ayla, endpoints, store)))
        .compose(
            auth ->
                start(
                        new HistoryModule(
                            vertx,
                            config,
                            metrics,
                            ayla,
                            auth,
                            config.integer(SseSettings.MAX_FILTER_VALUES)))
                    .compose(
                        history -> {
                          streaming =
                              new StreamingModule(
                                  vertx, config, metrics, endpoints, store, auth, history);
                          return start(streaming).map(history);
                        })
                    .compose(
                        history -> {
                          history.collect(streaming.hub());
                          http =
                              new HttpModule(
                                  vertx, config, metrics, health, ayla, endpoints, auth, streaming,
                                  history);
                          return start(http);
                        }))
        .mapEmpty();
  }

  /** Starts a part and, once it is up, counts it among those to stop. */
  private <P extends Lifecycle> Future<P> start(P part) {
    if (!parts.contains(part)) {
      parts.add(part);
    }
    return part.start().map(part);
  }

  private static Lifecycle closing(java.util.function.Supplier<Future<Void>> close) {
    return new Lifecycle() {
      @Override
      public Future<Void> start() {
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> stop() {
        return close.get();
      }
    };
  }

  public int gatewayPort() {
    return http == null ? -1 : http.gatewayPort();
  }

  /** The port serving {@code /metrics}: {@code metrics.port}, or the gateway's when that is 0. */
  public int metricsPort() {
    return http == null ? -1 : http.metricsPort();
  }

  public int simulatorPort() {
    return simPort;
  }

  public List<String> banner() {
    List<String> lines = new ArrayList<>();
    if (gatewayPort() > 0) {
      lines.add("DSS Gateway listening: http://localhost:" + gatewayPort() + "/");
    }
    if (http != null && http.hasMetricsListener()) {
      lines.add(
          "Metrics (Prometheus): http://localhost:" + http.metricsPort() + MetricsEndpoint.PATH);
    }
    if (simPort > 0) {
      lines.add(
          "Embedded Ayla simulator: http://localhost:"
              + simPort
              + "/ (demo login: demo@example.com / demo1234, dev only)");
    }
    return lines;
  }

  /** The graceful shutdown: readiness down, stop accepting, end SSE streams, close sockets keeping subscriptions. */
  public GracefulShutdown gracefulShutdown() {
    GracefulShutdown shutdown =
        new GracefulShutdown(vertx, config.millis(OpsSettings.SHUTDOWN_GRACE), health);
    if (http != null) {
      http.servers().forEach(shutdown::server);
    }
    if (streaming != null) {
      shutdown.drainable(grace -> streaming.drain());
    }
    if (!parts.isEmpty()) {
      shutdown.closer(this::stopParts);
    }
    if (simulator != null) {
      shutdown.closer(simulator::stop);
    }
    return shutdown;
  }

  /** Stops everything without closing Vert.x (tests). Upstream subscriptions are kept for a restart. */
  public Future<Void> shutdown() {
    Future<Void> drained = streaming == null ? Future.succeededFuture() : streaming.drain();
    return drained
        .compose(v -> stopParts())
        .compose(v -> simulator == null ? Future.succeededFuture() : simulator.stop());
  }

  private Future<Void> stopParts() {
    List<Lifecycle> started = List.copyOf(parts);
    parts.clear();
    return Lifecycle.stopAll(started, PART_STOP_SECONDS);
  }
}
