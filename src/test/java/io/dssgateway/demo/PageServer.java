package io.dssgateway.demo;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A web site on another origin than the gateway's (its own HTTP server on an ephemeral port): it
 * serves the test page in {@code cross-origin/}, whose module imports the browser client from the
 * gateway. The page runs under its own strict CSP that lets scripts and connections reach only
 * itself and the gateway.
 */
final class PageServer implements AutoCloseable {

  private static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {"index.html", "text/html; charset=utf-8"},
          "/page.js", new String[] {"page.js", "text/javascript; charset=utf-8"});

  private final HttpServer server;
  private final String gateway;

  private PageServer(Vertx vertx, String gateway) {
    this.gateway = gateway;
    this.server =
        vertx.createHttpServer().requestHandler(this::serve).listen(0, "127.0.0.1").await();
  }

  /** @param gateway the gateway's origin, e.g. {@code http://127.0.0.1:8080}, written into the page */
  static PageServer start(Vertx vertx, String gateway) {
    return new PageServer(vertx, gateway);
  }

  /** This site's origin (to list in the gateway's {@code http.cors-origins}). */
  String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  private void serve(HttpServerRequest request) {
    String[] file = FILES.get(request.path());
    if (file == null) {
      request.response().setStatusCode(404).end();
      return;
    }
    request
        .response()
        .putHeader("Content-Type", file[1])
        .putHeader("Cache-Control", "no-store")
        .putHeader(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self' "
                + gateway
                + "; connect-src "
                + gateway
                + "; base-uri 'none'; frame-ancestors 'none'")
        .end(resource(file[0]).replace("{{GATEWAY}}", gateway));
  }

  private static String resource(String name) {
    try (InputStream in = PageServer.class.getResourceAsStream("cross-origin/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.close().await();
  }
}
