package io.dssgateway.sim;

import io.dssgateway.common.JsonErrorHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated Ayla cloud: ONE HTTP server for the user service, DSS REST, the DSS WebSocket
 * ({@code /stream}), the device service and the control API ({@code /sim/}), so every Ayla base URL
 * is {@code http://host:port} and the stream URL {@code ws://host:port/stream}.
 * <p>
 * A verticle: all state lives on its context (single-threaded, no locks). The first {@link #start()}
 * deploys it; {@link #stop()} closes the server and every socket but keeps the cloud state, and
 * {@link #start()} again listens on the same port ("the cloud restarted").
 */
public final class Simulator extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);
  private static final int MAX_CLIENT_FRAME = 1024;

  private final SimConfig config;
  private final SimStats stats = new SimStats();
  private final Cloud cloud;
  private final StreamServer streams;
  private final Generator generator;
  private HttpServer server;
  private int boundPort;
  private boolean devicesLoaded;

  public Simulator(Vertx vertx, SimConfig config) {
    this.vertx = vertx;
    this.config = config;
    Accounts accounts =
        new Accounts(config.accounts(), config.tokenTtlSeconds(), System::currentTimeMillis);
    Fleet fleet =
        Fleet.withDefaults(
            accounts
                .first()
                .map(Accounts.Account::uuid)
                .orElse("00000000-0000-0000-0000-000000000000"));
    Subscriptions subscriptions =
        new Subscriptions(config.retainedEvents(), config.maxSubscriptions(), stats);
    this.cloud = new Cloud(vertx, accounts, fleet, subscriptions, config.ackDelayMs());
    this.streams = new StreamServer(vertx, config, subscriptions, stats);
    this.generator = new Generator(vertx, cloud);
  }

  /** Starts listening (again on the same port after a {@link #stop()}); completes with the bound port. */
  @Override
  public Future<Integer> start() {
    if (context == null) {
      return vertx
          .deployVerticle(this)
          .map(id -> boundPort); // deploying calls start() again, on its context
    }
    Promise<Integer> promise = Promise.promise();
    context.runOnContext(v -> loadDevices().compose(x -> listen()).onComplete(promise));
    return promise.future();
  }

  /** Closes the server and every socket; keeps accounts, tokens, subscriptions, logs, seqs and devices. */
  @Override
  public Future<Void> stop() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    context.runOnContext(
        v -> {
          streams.stop();
          generator.pause();
          HttpServer s = server;
          server = null;
          (s == null ? Future.<Void>succeededFuture() : s.close()).onComplete(promise);
        });
    return promise.future();
  }

  /** The port bound by the last {@link #start()} (0 before). */
  public int port() {
    return boundPort;
  }

  private Future<Integer> listen() {
    if (server != null) {
      return Future.succeededFuture(boundPort);
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setMaxWebSocketFrameSize(MAX_CLIENT_FRAME)
            .setMaxWebSocketMessageSize(MAX_CLIENT_FRAME * 4);
    int port = boundPort > 0 ? boundPort : config.port();
    return vertx
        .createHttpServer(options)
        .requestHandler(router())
        .listen(port, config.host())
        .map(
            s -> {
              server = s;
              boundPort = s.actualPort();
              streams.startHeartbeats();
              generator.resume();
              LOG.info(
                  "Ayla simulator listening on {}:{} (control API {})",
                  config.host(),
                  boundPort,
                  config.controlServed() ? "on" : "off");
              return boundPort;
            });
  }

  private Router router() {
    Router router = Router.router(vertx);
    streams.mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new UserRoutes(cloud.accounts, stats).mount(router);
    new SubscriptionRoutes(cloud.accounts, cloud.subscriptions).mount(router);
    new SimDeviceRoutes(cloud, stats).mount(router);
    if (config.controlServed()) {
      new ControlRoutes(cloud, streams, generator, stats, config.controlToken()).mount(router);
    } else if (config.controlEnabled()) {
      LOG.warn(
          "sim.control-enabled is on but the simulator listens on {} without sim.control-token: control API off",
          config.host());
    }
    JsonErrorHandler errors = JsonErrorHandler.create();
    router.route().failureHandler(errors);
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    return router;
  }

  private Future<Void> loadDevices() {
    if (devicesLoaded || config.devicesFile() == null || config.devicesFile().isBlank()) {
      devicesLoaded = true;
      return Future.succeededFuture();
    }
    return vertx
        .fileSystem()
        .readFile(config.devicesFile())
        .map(
            buf -> {
              cloud.fleet.addAll(
                  new JsonArray(buf),
                  email ->
                      email == null
                          ? cloud.accounts.first().map(Accounts.Account::uuid).orElseThrow()
                          : cloud
                              .accounts
                              .byEmail(email)
                              .map(Accounts.Account::uuid)
                              .orElseThrow(
                                  () ->
                                      new IllegalArgumentException(
                                          "sim.devices-file: unknown owner " + email)));
              devicesLoaded = true;
              return null;
            });
  }
}
