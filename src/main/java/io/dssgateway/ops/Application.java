package io.dssgateway.ops;

import io.dssgateway.api.AylaAccess;
import io.dssgateway.api.GatewayRouter;
import io.dssgateway.api.UserDevices;
import io.dssgateway.auth.AuthConfig;
import io.dssgateway.auth.AuthSettings;
import io.dssgateway.auth.ClusterSessions;
import io.dssgateway.auth.ClusterTickets;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.EcdsaProvider;
import io.dssgateway.auth.JwtIssuer;
import io.dssgateway.auth.LoginThrottle;
import io.dssgateway.auth.SessionCookie;
import io.dssgateway.auth.SessionStore;
import io.dssgateway.auth.StreamTickets;
import io.dssgateway.auth.TicketStore;
import io.dssgateway.auth.TokenVerifier;
import io.dssgateway.auth.UserSessions;
import io.dssgateway.common.Database;
import io.dssgateway.cluster.ClusteredUpstreams;
import io.dssgateway.common.SecretBox;
import io.dssgateway.holder.AylaSubscriptions;
import io.dssgateway.holder.JdbcStreamStore;
import io.dssgateway.holder.LocalUpstreams;
import io.dssgateway.holder.StreamStore;
import io.dssgateway.holder.UpstreamFactory;
import io.dssgateway.history.CollectorGroup;
import io.dssgateway.history.HistoryConfig;
import io.dssgateway.history.HistorySettings;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.HubConfig;
import io.dssgateway.hub.HubSettings;
import io.dssgateway.hub.HubStream;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.config.AppConfig;
import io.dssgateway.sim.SimConfig;
import io.dssgateway.sim.Simulator;
import io.dssgateway.sse.SseConfig;
import io.dssgateway.sse.SseEndpoint;
import io.dssgateway.sse.SseEventFormat;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaConfig;
import io.dssgateway.upstream.AylaEndpoints;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.StreamConfig;
import io.dssgateway.upstream.UpstreamSettings;
import io.dssgateway.upstream.UpstreamStream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The one wiring class: builds every component from the configuration with plain constructors
 * and starts them in one {@code compose} chain. Tests start it in-process on port 0.
 */
public final class Application {

  private static final long CHECKPOINT_MILLIS = 1000;
  private static final long COMPONENT_CLOSE_SECONDS = 5;
  private static final org.slf4j.Logger LOG_STARTUP = org.slf4j.LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final AppConfig config;
  private final GatewayMetrics metrics;
  private final HealthRoutes health;
  private final ConnectionGuard guard;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<ConnectionGuard.Loop> guardLoops = new CopyOnWriteArrayList<>();
  private Simulator simulator;
  private Pool database;
  private AylaClient ayla;
  private Hub hub;
  private SseEndpoint sse;
  private SessionStore sessions;
  private TokenVerifier verifier;
  private UserDevices devices;
  private CollectorGroup collectors;
  private HistoryMetrics historyMetrics;
  private AylaSession historySession;
  private long checkpointTimer = -1;
  private int simPort = -1;
  private int gatewayPort = -1;
  private Warmup warmup;
  private volatile int warmupPort = -1;

  public Application(Vertx vertx, AppConfig config) {
    this(vertx, config, new GatewayMetrics());
  }

  public Application(Vertx vertx, AppConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.health = new HealthRoutes(vertx, config.millis(OpsSettings.HEALTH_TIMEOUT));
    this.guard = new ConnectionGuard(new ConnectionGuard.Limits(config.millis(OpsSettings.HTTP_BODY_TIMEOUT), config.millis(OpsSettings.HTTP_IDLE_TIMEOUT),
        config.integer(OpsSettings.HTTP_MAX_CONNECTIONS_PER_ADDRESS)));
  }

  public Future<Application> start() {
    if (vertx.isClustered() && config.string(OpsSettings.SECRETS_KEY) == null) {
      return Future.failedFuture(new io.dssgateway.config.ConfigError("secrets.key (DSS_SECRETS_KEY) is required when clustered: "
          + "the same base64 of 32 random bytes on every replica (e.g. openssl rand -base64 32)"));
    }
    long idle = config.millis(OpsSettings.HTTP_IDLE_TIMEOUT);
    if (idle > 0 && idle <= config.millis(io.dssgateway.sse.SseSettings.KEEPALIVE)) {
      return Future.failedFuture(new io.dssgateway.config.ConfigError("http.idle-timeout-ms (" + idle
          + ") must exceed sse.keepalive-ms, else open SSE streams are closed as idle between keep-alives"));
    }
    String role = config.string(OpsSettings.ROLE);
    boolean runSim = role.equals("all") || role.equals("simulator");
    boolean runGateway = role.equals("all") || role.equals("gateway");
    Future<Void> sim = runSim ? startSimulator() : Future.succeededFuture();
    return sim.compose(v -> runGateway ? secretBox().compose(this::startGateway) : Future.succeededFuture()).map(this);
  }

  /** {@code secrets.key}, or (single node) the key generated into the data directory. */
  private Future<SecretBox> secretBox() {
    String storePath = config.string(HubSettings.STORE_PATH);
    String key = config.string(OpsSettings.SECRETS_KEY);
    return vertx.executeBlocking(() -> {
      StoreNotice.report(storePath, key != null && !key.isBlank());
      Database.prepareFiles(storePath);
      return SecretsKeyFile.resolve(key, storePath);
    });
  }

  private Future<Void> startSimulator() {
    simulator = new Simulator(vertx, SimConfig.from(config));
    return simulator.start().map(port -> {
      simPort = port;
      return null;
    });
  }

  private Future<Void> startGateway(SecretBox box) {
    AylaEndpoints endpoints = AylaEndpoints.from(config, simPort);
    ayla = new AylaClient(vertx, AylaConfig.from(config, endpoints));
    AuthConfig auth = AuthConfig.from(config);
    HubConfig hubConfig = HubConfig.from(config);
    SseConfig sseConfig = SseConfig.from(config);
    database = Database.pool(vertx, config.string(HubSettings.STORE_PATH));
    boolean shared = vertx.isClustered(); // sessions and tickets in the cluster's shared state, Ayla tokens sealed
    sessions = shared ? new ClusterSessions(vertx, ayla, box, auth.maxSessionsPerUser())
        : new UserSessions(database, ayla, box, auth.maxSessionsPerUser());
    StreamStore store = new JdbcStreamStore(database, box);
    StreamTickets tickets = shared ? new ClusterTickets(vertx, auth) : new TicketStore(auth);
    MetricsObserver observer = new MetricsObserver(metrics);

    EcdsaProvider.install(); // before the JWT library picks its Signature implementations
    return sessions.init()
        .compose(n -> store.init())
        .compose(v -> vertx.executeBlocking(() -> {
          Database.restrictFiles(config.string(HubSettings.STORE_PATH));
          return null;
        }))
        .compose(v -> serviceSession(auth))
        .compose(service -> historySession(service).map(service))
        .compose(service -> JwtIssuer.create(vertx, auth).compose(issuer -> {
          DevKeyCheck.check(issuer.usesDevKey(), config.string(OpsSettings.ROLE), endpoints, config.bool(AuthSettings.JWT_ALLOW_DEV_KEY));
          return Future.succeededFuture(issuer);
        }).compose(issuer -> TokenVerifier.create(vertx, auth, issuer).map(tv -> {
          verifier = tv;
          AylaAccess access = new AylaAccess(auth.mode(), sessions, service);
          if (historySession != null) {
            historyMetrics = new HistoryMetrics(metrics.registry());
            CollectedStreams.Account account = CollectedStreams.account(config);
            String scope = access.holdAccount(account.email(), historySession);
            collectors = new CollectorGroup(vertx, HistoryConfig.from(config),
                CollectedStreams.keys(config.string(HistorySettings.STREAMS), scope, sseConfig.maxFilterValues()), historyMetrics);
          }
          UpstreamFactory upstreams = new UpstreamFactory(vertx, UpstreamStream.newWebSocketClient(vertx),
              endpoints.dssWsUrl(), config.string(UpstreamSettings.CLIENT_TYPE), StreamConfig.from(config));
          AylaSubscriptions subscriptions = new AylaSubscriptions(upstreams, access::forScope);
          UpstreamProvider provider;
          if (vertx.isClustered()) {
            ClusteredUpstreams clustered = new ClusteredUpstreams(vertx, upstreams, subscriptions,
                box, hubConfig.replayEvents(), hubConfig.replayBytes(), observer);
            metrics.streamsHeld(clustered::heldHere);
            provider = clustered;
          } else {
            provider = new LocalUpstreams(vertx, upstreams, subscriptions, store, hubConfig.replayEvents(),
                collectors == null ? UpstreamProvider.ResumeFloor.NONE : collectors);
          }
          hub = new Hub(provider, hubConfig, observer, new SseEventFormat(),
              collectors == null ? io.dssgateway.hub.StreamTap.Registry.NONE : collectors);
          devices = new UserDevices(access);
          sse = new SseEndpoint(hub, sseConfig, ctx -> access.streamUser(CredentialHandler.principal(ctx)), observer, devices);
          sessions.onEnded(sse::endSession); // logout, expiry, revocation on another replica: the session's streams end
          CredentialHandler credentials = new CredentialHandler(tv, tickets, sessions, auth);
          GatewayRouter.Parts parts = new GatewayRouter.Parts(ayla, sessions, issuer, tickets, new SessionCookie(auth), access,
              credentials, hub, sse, new LoginThrottle(auth), devices, collectors == null ? null : collectors.store());
          warmup = new Warmup(vertx, config.integer(OpsSettings.HTTP_WARMUP_REQUESTS), config.integer(OpsSettings.HTTP_MAX_CONNECTIONS_PER_ADDRESS),
              () -> Warmup.token(issuer));
          return GatewayRouter.create(vertx, parts, new GatewayRouter.Config(config.integer(OpsSettings.HTTP_MAX_BODY),
              config.list(OpsSettings.CORS_ORIGINS), config.string(OpsSettings.WEBROOT), sseConfig.maxFilterValues()), this::mountOps);
        })))
        .compose(router -> (collectors == null ? Future.<Void>succeededFuture() : collectors.init())
            .compose(v -> vertx.deployVerticle(hub)).map(router))
        .compose(this::listen)
        .onSuccess(v -> {
          health.check("http", ReadinessChecks.condition("HTTP server not listening", () -> gatewayPort > 0));
          if (auth.serviceMode()) {
            health.check("ayla", ReadinessChecks.tcpReachable(vertx, host(endpoints.userUrl()), port(endpoints.userUrl()), 1000));
          }
          if (vertx.isClustered()) {
            health.check("cluster", ClusterProbes.ready(vertx));
          }
          metrics.clusterMembers(() -> ClusterProbes.members(vertx));
          io.micrometer.core.instrument.Gauge.builder("dss.sse.users", sse, SseEndpoint::usersWithStreams)
              .description("Users with at least one open SSE connection").register(metrics.registry());
          if (collectors != null) {
            collectors.start(hub);
            LOG_STARTUP.info("History: collecting {} stream(s) into {}", collectors.size(), collectors.where());
            historyMetrics.lag(collectors::lagBytes, collectors::lagEvents);
          }
          metrics.replay(hub::replayBytes, hub::replayTrimmedEvents);
          for (HubStream.State state : HubStream.State.values()) {
            metrics.upstreamStreams(state.name().toLowerCase(), () -> hub.countIn(state));
          }
          checkpointTimer = vertx.setPeriodic(CHECKPOINT_MILLIS, id -> {
            sessions.checkpoint();
            tickets.purgeExpired();
            devices.purgeIdle();
          });
        });
  }

  private void mountOps(Router router) {
    router.route().handler(AccessLog.create(config.bool(OpsSettings.ACCESS_LOG), localPort -> warmupPort > 0 && localPort == warmupPort));
    health.mount(router);
    // A scrape formats every meter (histograms included): milliseconds of CPU. On a worker thread,
    // no browser's events wait behind it on the event loop.
    router.get("/metrics").handler(ctx -> ctx.vertx()
        .executeBlocking(() -> metrics.registry().scrape(), false)
        .onSuccess(body -> ctx.response()
            .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(body))
        .onFailure(ctx::fail));
  }

  /**
   * With collected streams, the Ayla session they run under: the service session in service mode,
   * else one signed in for the history account (kept by the gateway, refreshed like any other).
   */
  private Future<Void> historySession(AylaSession service) {
    if (!CollectedStreams.configured(config)) {
      return Future.succeededFuture();
    }
    if (service != null) {
      historySession = service;
      return Future.succeededFuture();
    }
    CollectedStreams.Account account = CollectedStreams.account(config);
    return ayla.openSession(account.email(), account.password()).map(session -> {
      historySession = session;
      return null;
    });
  }

  /** Service mode signs in the configured Ayla account once; per-user mode has no such session. */
  private Future<AylaSession> serviceSession(AuthConfig auth) {
    if (!auth.serviceMode()) {
      return Future.succeededFuture(null);
    }
    return ayla.openSession(auth.serviceEmail(), auth.servicePassword());
  }

  /**
   * One server instance per event loop (at most the cores), all sharing one port. Vert.x shares a
   * listening socket among instances bound to the same explicit port, so port 0 is resolved first.
   */
  private Future<Void> listen(Router router) {
    String host = config.string(OpsSettings.HTTP_HOST);
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    return warmUp(router)
        .compose(v -> vertx.executeBlocking(() -> resolvePort(config.integer(OpsSettings.HTTP_PORT), host)))
        .compose(port -> vertx.deployVerticle(() -> server(router, host, port, servers::add), new DeploymentOptions().setInstances(instances)))
        .map(id -> {
          gatewayPort = servers.get(0).actualPort();
          return null;
        });
  }

  /** The warm-up, on a server of its own: the same handlers on a loopback port, left out of Vert.x's metrics and the access log. */
  private Future<Void> warmUp(Router router) {
    return warmup.run(started -> metrics.unmeteredServer(() -> vertx.deployVerticle(server(router, Warmup.HOST, 0, server -> {
      warmupPort = server.actualPort();
      started.accept(server);
    })))).andThen(done -> warmupPort = -1);
  }

  private HttpServerVerticle server(Router router, String host, int port, java.util.function.Consumer<HttpServer> started) {
    ConnectionGuard.Loop loop = guard.loop();
    guardLoops.add(loop);
    return new HttpServerVerticle(router, loop,
        config.millis(OpsSettings.HTTP_IDLE_TIMEOUT), host, port, started);
  }

  private static int resolvePort(int port, String host) throws java.io.IOException {
    if (port != 0) {
      return port;
    }
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }

  public int gatewayPort() {
    return gatewayPort;
  }

  public int simulatorPort() {
    return simPort;
  }

  public List<String> banner() {
    List<String> lines = new ArrayList<>();
    if (gatewayPort > 0) {
      lines.add("DSS Gateway listening: http://localhost:" + gatewayPort + "/");
    }
    if (simPort > 0) {
      lines.add("Embedded Ayla simulator: http://localhost:" + simPort + "/ (demo login: demo@example.com / demo1234, dev only)");
    }
    return lines;
  }

  /** The graceful shutdown: readiness down, stop accepting, end SSE streams, close sockets keeping subscriptions. */
  public GracefulShutdown gracefulShutdown() {
    GracefulShutdown shutdown = new GracefulShutdown(vertx, config.millis(OpsSettings.SHUTDOWN_GRACE), health);
    servers.forEach(shutdown::server);
    if (sse != null) {
      shutdown.drainable(grace -> sse.drain());
      shutdown.closer(this::closeComponents);
    }
    if (simulator != null) {
      shutdown.closer(simulator::stop);
    }
    return shutdown;
  }

  /** Stops everything without closing Vert.x (tests). Upstream subscriptions are kept for a restart. */
  public Future<Void> shutdown() {
    Future<Void> drained = sse == null ? Future.succeededFuture() : sse.drain();
    return drained
        .compose(v -> Future.join(servers.stream().map(HttpServer::close).toList())
            .timeout(COMPONENT_CLOSE_SECONDS, TimeUnit.SECONDS).recover(err -> Future.succeededFuture()))
        .compose(v -> closeComponents())
        .compose(v -> simulator == null ? Future.succeededFuture() : simulator.stop());
  }

  private Future<Void> closeComponents() {
    if (checkpointTimer >= 0) {
      vertx.cancelTimer(checkpointTimer);
    }
    guardLoops.forEach(loop -> loop.stop(vertx));
    Future<Void> hubClosed = hub == null ? Future.succeededFuture()
        : hub.close().timeout(COMPONENT_CLOSE_SECONDS, TimeUnit.SECONDS).recover(err -> Future.succeededFuture());
    return hubClosed
        .compose(v -> collectors == null ? Future.succeededFuture() : collectors.close())
        .compose(v -> sessions == null ? Future.succeededFuture() : sessions.checkpoint())
        .eventually(() -> sessions == null ? Future.succeededFuture() : sessions.close())
        .eventually(() -> {
          if (verifier != null) {
            verifier.close();
          }
          return Future.succeededFuture();
        })
        .eventually(() -> ayla == null ? Future.succeededFuture() : ayla.close())
        .eventually(() -> database == null ? Future.succeededFuture() : database.close());
  }

  private static String host(String url) {
    return URI.create(url).getHost();
  }

  private static int port(String url) {
    URI uri = URI.create(url);
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
