package io.dssgateway.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/** The simulated Ayla cloud: one HTTP server (user service, DSS REST and WebSocket, device service, control API). */
public final class Simulator {

  private final Vertx vertx;
  private final SimConfig config;
  private HttpServer server;

  public Simulator(Vertx vertx, SimConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Starts listening; completes with the bound port. */
  public Future<Integer> start() {
    return vertx.createHttpServer()
        .requestHandler(req -> req.response().setStatusCode(404).end())
        .listen(config.port(), config.host())
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
