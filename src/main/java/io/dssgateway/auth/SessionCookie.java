package io.dssgateway.auth;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

/**
 * The session cookie carrying the gateway JWT for same-origin pages: HttpOnly (no script can
 * read it), SameSite=Strict, Path=/, Max-Age = token TTL, Secure when configured.
 *
 * <p>Strict rather than Lax: only same-origin pages are meant to use the cookie (cross-origin
 * pages use tickets), and Strict keeps it off every cross-site request, including top-level
 * navigations, so state-changing POSTs need no separate CSRF token.
 */
public final class SessionCookie {

  public static final String MARKER = "dss_session_present";

  private final AuthConfig config;

  public SessionCookie(AuthConfig config) {
    this.config = config;
  }

  public String name() {
    return config.cookieName();
  }

  /** The cookie to set after login: {@code ctx.response().addCookie(sessionCookie.create(jwt))}. */
  public Cookie create(String jwt) {
    return base(jwt).setMaxAge(config.tokenTtl().toSeconds());
  }

  /** The cookie that clears it on logout (empty value, Max-Age=0). */
  public Cookie clear() {
    return base("").setMaxAge(0);
  }

  /**
   * A cookie a page's script may read, saying only that a session cookie was set ({@value
   * #MARKER}=1, same lifetime): a page need not call the API, and show a 401 in its console, to know
   * whether it is signed in. It carries no credential.
   */
  public Cookie marker() {
    return sameSite(MARKER, "1").setMaxAge(config.tokenTtl().toSeconds());
  }

  /** Clears the marker on logout. */
  public Cookie clearMarker() {
    return sameSite(MARKER, "").setMaxAge(0);
  }

  private Cookie base(String value) {
    return sameSite(config.cookieName(), value).setHttpOnly(true);
  }

  private Cookie sameSite(String name, String value) {
    return Cookie.cookie(name, value)
        .setSameSite(CookieSameSite.STRICT)
        .setPath("/")
        .setSecure(config.cookieSecure());
  }
}
