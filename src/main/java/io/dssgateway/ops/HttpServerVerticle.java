package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.function.Consumer;

/** One instance of the gateway's HTTP server; several share the port, one per event loop. */
final class HttpServerVerticle extends VerticleBase {

  private final Router router;
  private final String host;
  private final int port;
  private final Consumer<HttpServer> started;

  HttpServerVerticle(Router router, String host, int port, Consumer<HttpServer> started) {
    this.router = router;
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
        .setTcpNoDelay(true)
        .setStrictThreadMode(true); // every write is made on the connection's own event loop: no outbound queue per connection
    return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(started::accept);
  }
}
