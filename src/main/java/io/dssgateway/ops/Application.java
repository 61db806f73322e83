package io.dssgateway.ops;

import io.dssgateway.common.JsonErrorHandler;
import io.dssgateway.ops.config.AppConfig;
import io.dssgateway.sim.SimConfig;
import io.dssgateway.sim.Simulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The one wiring class: builds every component from the configuration with plain constructors
 * and starts them in one {@code compose} chain. Tests start it in-process on port 0.
 */
public final class Application {

  private final Vertx vertx;
  private final AppConfig config;
  private Simulator simulator;
  private HttpServer gatewayServer;
  private int simPort = -1;
  private int gatewayPort = -1;

  public Application(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  public Future<Application> start() {
    String role = config.string(OpsSettings.ROLE);
    boolean runSim = role.equals("all") || role.equals("simulator");
    boolean runGateway = role.equals("all") || role.equals("gateway");
    Future<Void> sim = runSim ? startSimulator() : Future.succeededFuture();
    return sim.compose(v -> runGateway ? startGateway() : Future.succeededFuture()).map(this);
  }

  private Future<Void> startSimulator() {
    simulator = new Simulator(vertx, SimConfig.from(config));
    return simulator.start().map(port -> {
      simPort = port;
      return null;
    });
  }

  private Future<Void> startGateway() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.route("/*").handler(StaticHandler.create(config.string(OpsSettings.WEBROOT)).setCachingEnabled(false));
    router.route().failureHandler(JsonErrorHandler.create());
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(config.integer(OpsSettings.HTTP_PORT), config.string(OpsSettings.HTTP_HOST))
        .map(server -> {
          gatewayServer = server;
          gatewayPort = server.actualPort();
          return null;
        });
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

  public Future<Void> shutdown() {
    Future<Void> gw = gatewayServer == null ? Future.succeededFuture() : gatewayServer.close();
    return gw.compose(v -> simulator == null ? Future.succeededFuture() : simulator.stop());
  }
}
