package io.dssgateway.api;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every gateway response: a strict Content-Security-Policy that the
 * demo page passes (its scripts and styles are files of its own origin, nothing inline; it talks only
 * to its own origin), no MIME sniffing, no framing by any page, no Referer sent on. JSON and SSE
 * responses carry them too: they cost nothing there and cover a response opened as a page.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {

  public static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "font-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  /** Adds the headers to a response (also for answers written outside the router). */
  public static void apply(HttpServerResponse response) {
    MultiMap headers = response.headers();
    headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
  }

  @Override
  public void handle(RoutingContext ctx) {
    apply(ctx.response());
    ctx.next();
  }
}
