package io.dssgateway.ops;

import io.dssgateway.api.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/** One instance of the gateway's HTTP server; several share the port, one per event loop. */
final class HttpServerVerticle extends VerticleBase {

  private final Handler<HttpServerRequest> requests;
  private final String host;
  private final int port;
  private final ConnectionGuard.Loop guard;
  private final long idleMillis;
  private final Consumer<HttpServer> started;

  /**
   * @param requests the router, behind the guard
   * @param guard this instance's own guard: its connections and its sweep live on this instance's event loop
   * @param idleMillis Vert.x's idle timeout (Netty's idle handler, from accept): a connection silent that
   *     long either way is closed; 0 = none
   */
  HttpServerVerticle(
      Handler<HttpServerRequest> requests,
      ConnectionGuard.Loop guard,
      long idleMillis,
      String host,
      int port,
      Consumer<HttpServer> started) {
    this.requests = guard.requests(SecurityHeaders::apply, requests);
    this.guard = guard;
    this.idleMillis = idleMillis;
    this.host = host;
    this.port = port;
    this.started = started;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setHttp2ClearTextEnabled(true)
            .setCompressionSupported(false)
            // no WebSocket is served here: without these Vert.x adds no extension handler to each
            // connection's pipeline
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false)
            .setTcpNoDelay(true)
            .setStrictThreadMode(
                true) // every write is made on the connection's own event loop: no outbound queue
            // per connection
            .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis))
            .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    guard.start(vertx);
    return vertx
        .createHttpServer(options)
        .connectionHandler(guard.connections())
        .invalidRequestHandler(MalformedRequests.invalid(SecurityHeaders::apply))
        .requestHandler(MalformedRequests.oneHost(SecurityHeaders::apply, requests))
        .listen()
        .onSuccess(started::accept);
  }

  @Override
  public Future<?> stop() {
    guard.stop(vertx);
    return Future.succeededFuture();
  }
}
