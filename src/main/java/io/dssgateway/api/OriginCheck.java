package io.dssgateway.api;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Cross-site request forgery guard for cookie-authenticated, state-changing requests (POST, PUT,
 * DELETE, PATCH carrying the session cookie and no bearer token): the browser's {@code Origin}
 * must be the gateway's own or listed in {@code http.cors-origins}; without {@code Origin}, a
 * {@code Sec-Fetch-Site} of {@code cross-site} or {@code same-site} is refused. Anything else is
 * 403 {@code origin_not_allowed}. Requests with neither header (non-browser clients) and bearer
 * requests pass: a page on another origin cannot attach an {@code Authorization} header without
 * a CORS grant. Defence in depth beside the cookie's {@code SameSite=Strict}.
 */
final class OriginCheck implements Handler<RoutingContext> {

  private static final Set<HttpMethod> STATE_CHANGING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

  private final Origins origins;
  private final String cookieName;

  OriginCheck(Origins origins, String cookieName) {
    this.origins = origins;
    this.cookieName = cookieName;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (STATE_CHANGING.contains(request.method())
        && carriesCookieOnly(request)
        && !fromAllowedPage(request)) {
      ctx.fail(
          Origins.notAllowed(
              "A request with the session cookie must come from the gateway's own page or an origin in http.cors-origins"));
      return;
    }
    ctx.next();
  }

  private boolean carriesCookieOnly(HttpServerRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    Cookie cookie = request.getCookie(cookieName);
    return cookie != null && !cookie.getValue().isEmpty();
  }

  private boolean fromAllowedPage(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null) {
      return origins.isAllowed(request, origin);
    }
    String site = request.getHeader("Sec-Fetch-Site");
    return site == null || site.equalsIgnoreCase("same-origin") || site.equalsIgnoreCase("none");
  }
}
