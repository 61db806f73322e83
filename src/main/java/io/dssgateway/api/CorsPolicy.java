package io.dssgateway.api;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Arrays;
import java.util.Set;

/**
 * CORS for the origins in {@code http.cors-origins}, in front of Vert.x's {@link CorsHandler}:
 * a listed origin is handed to it and gets the grant; the gateway's own origin and requests
 * without {@code Origin} need none; any other origin gets no CORS headers at all (its preflight is
 * answered 403 {@code origin_not_allowed}, its simple requests go on without a grant, which the
 * browser enforces). Vert.x's handler would fail those with an exception, which became a 500.
 * When any origin is listed, every response carries {@code Vary: Origin}, so caches keep the
 * answers to different origins apart.
 */
final class CorsPolicy implements Handler<RoutingContext> {

  private final Origins origins;
  private final CorsHandler cors;

  CorsPolicy(Origins origins) {
    this.origins = origins;
    this.cors =
        origins.anyListed()
            ? CorsHandler.create()
                .allowCredentials(true)
                .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
                .allowedHeaders(Set.of("Authorization", "Content-Type", "Last-Event-ID"))
            : null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (cors != null) {
      varyOnOrigin(ctx.response().headers());
    }
    if (origin == null || Origins.isOwn(request, origin)) {
      ctx.next();
    } else if (cors != null && origins.isListed(origin)) {
      cors.handle(ctx);
    } else if (request.method() == HttpMethod.OPTIONS
        && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null) {
      ctx.fail(Origins.notAllowed("This origin may not call the gateway cross-origin"));
    } else {
      ctx.next();
    }
  }

  private static void varyOnOrigin(MultiMap headers) {
    String vary = headers.get(HttpHeaders.VARY);
    if (vary == null) {
      headers.set(HttpHeaders.VARY, "Origin");
    } else if (Arrays.stream(vary.split(",")).noneMatch(v -> v.trim().equalsIgnoreCase("Origin"))) {
      headers.set(HttpHeaders.VARY, vary + ", Origin");
    }
  }
}
