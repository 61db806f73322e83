package io.dssgateway.ops;

import io.dssgateway.api.SecurityHeaders;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Consumer;

/** One instance of the gateway's HTTP server; several share the port, one per event loop. */
final class HttpServerVerticle extends VerticleBase {

  private final Handler<HttpServerRequest> requests;
  private final String host;
  private final int port;
  private final Handler<HttpConnection> connections;
  private final long idleMillis;
  private final Consumer<HttpServer> started;

  /**
   * @param idleMillis Vert.x's idle timeout (Netty's idle handler, from accept): a connection silent that
   *     long either way is closed; 0 = none
   */
  HttpServerVerticle(Handler<HttpServerRequest> requests, Handler<HttpConnection> connections, long idleMillis, String host, int port,
      Consumer<HttpServer> started) {
    this.requests = requests;
    this.connections = connections;
    this.idleMillis = idleMillis;
    this.host = host;
    this.port = port;
    this.started = started;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setHttp2ClearTextEnabled(true)
        .setCompressionSupported(false)
        // no WebSocket is served here: without these Vert.x adds no extension handler to each connection's pipeline
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setTcpNoDelay(true)
        .setStrictThreadMode(true) // every write is made on the connection's own event loop: no outbound queue per connection
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis))
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    return vertx.createHttpServer(options).connectionHandler(connections)
        .invalidRequestHandler(MalformedRequests.invalid(SecurityHeaders::apply))
        .requestHandler(MalformedRequests.oneHost(SecurityHeaders::apply, requests)).listen().onSuccess(started::accept);
  }
}
