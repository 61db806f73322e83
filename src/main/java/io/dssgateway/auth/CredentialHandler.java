package io.dssgateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Establishes the caller for {@code /events} and {@code /api/**}. Credentials, first found wins:
 * {@code Authorization: Bearer} (non-browser clients), the session cookie (same-origin pages),
 * {@code ?ticket=} (cross-origin {@code EventSource}, single use), and {@code ?access_token=}
 * only when {@code auth.allow-token-in-query} is on. When it is off, a request carrying
 * {@code access_token} is refused even if it has another credential, so clients stop leaking
 * long-lived tokens into URLs and proxy logs. The {@link Principal} is put in the context for
 * {@link #principal(RoutingContext)}; failures are {@link io.dssgateway.common.HttpError}s for the
 * router's failure handler.
 */
public final class CredentialHandler implements Handler<RoutingContext> {

  public static final String PRINCIPAL_KEY = "principal";
  public static final String TICKET_PARAM = "ticket";
  public static final String TOKEN_PARAM = "access_token";

  private final TokenVerifier verifier;
  private final StreamTickets tickets;
  private final SessionCheck sessions;
  private final String cookieName;
  private final boolean allowTokenInQuery;
  private final boolean acceptTickets;

  public CredentialHandler(
      TokenVerifier verifier, StreamTickets tickets, SessionCheck sessions, AuthConfig config) {
    this(verifier, tickets, sessions, config.cookieName(), config.allowTokenInQuery(), true);
  }

  private CredentialHandler(
      TokenVerifier verifier,
      StreamTickets tickets,
      SessionCheck sessions,
      String cookieName,
      boolean allowTokenInQuery,
      boolean acceptTickets) {
    this.verifier = verifier;
    this.tickets = tickets;
    this.sessions = sessions;
    this.cookieName = cookieName;
    this.allowTokenInQuery = allowTokenInQuery;
    this.acceptTickets = acceptTickets;
  }

  /**
   * The same handler for REST routes: a stream ticket is refused there (401 {@code invalid_request})
   * and not spent; tickets exist for {@code EventSource}, which cannot send headers.
   */
  public CredentialHandler withoutTickets() {
    return new CredentialHandler(verifier, tickets, sessions, cookieName, allowTokenInQuery, false);
  }

  /** The caller established by this handler earlier on the route (null if it did not run). */
  public static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL_KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticate(ctx)
        .compose(this::requireLiveSession)
        .onSuccess(
            p -> {
              ctx.put(PRINCIPAL_KEY, p);
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  private Future<Principal> authenticate(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    List<String> queryTokens = ctx.queryParam(TOKEN_PARAM);
    if (!queryTokens.isEmpty() && !allowTokenInQuery) {
      return Future.failedFuture(
          AuthErrors.invalidRequest(401, "A token in the URL is not allowed; use a ticket"));
    }
    if (!acceptTickets && !ctx.queryParam(TICKET_PARAM).isEmpty()) {
      return Future.failedFuture(
          AuthErrors.invalidRequest(401, "Stream tickets are accepted on /events only"));
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null
        && authorization.regionMatches(true, 0, "Bearer", 0, 6)
        && (authorization.length() == 6 || authorization.charAt(6) == ' ')) {
      String token = authorization.substring(6).trim();
      return token.isEmpty()
          ? Future.failedFuture(
              AuthErrors.invalidRequest(400, "The Authorization header has no token"))
          : verifier.verify(token);
    }
    Cookie cookie = request.getCookie(cookieName);
    if (cookie != null && !cookie.getValue().isEmpty()) {
      return verifier.verify(cookie.getValue());
    }
    List<String> ticket = ctx.queryParam(TICKET_PARAM);
    if (!ticket.isEmpty()) {
      return tickets.redeem(ticket.get(0));
    }
    if (!queryTokens.isEmpty()) {
      return verifier.verify(queryTokens.get(0));
    }
    return Future.failedFuture(AuthErrors.missingCredentials());
  }

  private Future<Principal> requireLiveSession(Principal p) {
    if (p.sessionId() == null) {
      return Future.succeededFuture(p);
    }
    return sessions
        .isActiveFor(p.sessionId(), p.subject())
        .compose(
            active ->
                active
                    ? Future.succeededFuture(p)
                    : Future.failedFuture(AuthErrors.invalidToken()));
  }
}
