package io.dssgateway.api;

import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.JwtIssuer;
import io.dssgateway.auth.LoginThrottle;
import io.dssgateway.auth.Principal;
import io.dssgateway.auth.ScopeClaims;
import io.dssgateway.auth.SessionCookie;
import io.dssgateway.auth.SessionStore;
import io.dssgateway.auth.StreamTickets;
import io.dssgateway.common.HttpError;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaErrors;
import io.dssgateway.upstream.AylaException;
import io.dssgateway.upstream.AylaSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /api/login}, {@code /api/logout}, {@code /api/tickets} and the JWKS. Login signs in
 * to Ayla; the Ayla tokens stay in the server-side session and the browser gets a gateway JWT
 * (body and HttpOnly cookie). In service mode the JWT's claims are limited to the user's devices.
 */
final class AuthRoutes {

  private final AylaClient ayla;
  private final SessionStore sessions;
  private final JwtIssuer issuer;
  private final StreamTickets tickets;
  private final SessionCookie cookie;
  private final AylaAccess access;
  private final LoginThrottle throttle;

  AuthRoutes(
      AylaClient ayla,
      SessionStore sessions,
      JwtIssuer issuer,
      StreamTickets tickets,
      SessionCookie cookie,
      AylaAccess access,
      LoginThrottle throttle) {
    this.ayla = ayla;
    this.sessions = sessions;
    this.issuer = issuer;
    this.tickets = tickets;
    this.cookie = cookie;
    this.access = access;
    this.throttle = throttle;
  }

  void mountPublic(Router router) {
    router.post("/api/login").handler(this::login);
    router.get("/.well-known/jwks.json").handler(ctx -> ctx.json(issuer.jwks()));
  }

  void mountAuthenticated(Router router) {
    router.post("/api/logout").handler(this::logout);
    router.post("/api/tickets").handler(this::ticket);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = JsonBodies.object(ctx, Set.of("email", "password"));
    String email = JsonBodies.requiredString(body, "email", 320).trim().toLowerCase(Locale.ROOT);
    String password = JsonBodies.requiredString(body, "password", 256);
    LoginThrottle.Attempt attempt =
        throttle.begin(
            email, ctx.request().remoteAddress().hostAddress()); // 429 before Ayla is asked
    ayla.openSession(email, password)
        .onSuccess(session -> attempt.succeeded())
        .recover(
            err -> {
              HttpError error = signInError(err);
              if (error.status() == 401) {
                attempt.failedCredentials();
              } else {
                attempt.failedOtherwise();
              }
              return Future.failedFuture(error);
            })
        .compose(
            session ->
                claimsFor(session)
                    .compose(
                        claims -> {
                          Instant expires = Instant.now().plus(issuer.ttl());
                          return sessions
                              .create(email, session, expires)
                              .map(s -> issuer.issue(email, s.id(), claims));
                        })
                    .onFailure(
                        err ->
                            session
                                .signOut())) // no gateway session: don't leave the Ayla one behind
        .onSuccess(
            jwt -> {
              ctx.response()
                  .addCookie(cookie.create(jwt))
                  .addCookie(cookie.marker())
                  .putHeader("Cache-Control", "no-store");
              ctx.json(
                  new JsonObject()
                      .put("access_token", jwt)
                      .put("token_type", "Bearer")
                      .put("expires_in", issuer.ttl().toSeconds()));
            })
        .onFailure(ctx::fail);
  }

  /**
   * Per-user mode: everything the user's own Ayla session sees. Service mode: only their devices,
   * by DSN. The models stay {@code *}: the DSNs already pin the devices, and a model list would
   * refuse the usual {@code dsn=X} request (model {@code *}) since claims intersect.
   */
  private Future<Map<String, Object>> claimsFor(AylaSession session) {
    if (!access.serviceMode()) {
      return Future.succeededFuture(ScopeClaims.unrestricted());
    }
    return session
        .devices()
        .map(
            devices -> {
              Set<String> dsns = new TreeSet<>();
              for (Object o : devices) {
                JsonObject d =
                    o instanceof JsonObject j ? j.getJsonObject("device", j) : new JsonObject();
                if (d.getString("dsn") != null) {
                  dsns.add(d.getString("dsn"));
                }
              }
              return ScopeClaims.limitedTo(List.of(ScopeClaims.ANY), new ArrayList<>(dsns));
            });
  }

  private void logout(RoutingContext ctx) {
    Principal p = CredentialHandler.principal(ctx);
    sessions
        .end(p.sessionId())
        .onComplete(
            ar -> {
              ctx.response()
                  .addCookie(cookie.clear())
                  .addCookie(cookie.clearMarker())
                  .setStatusCode(204)
                  .end();
            });
  }

  private void ticket(RoutingContext ctx) {
    Principal p = CredentialHandler.principal(ctx);
    if (p.source() == Principal.Source.TICKET) {
      throw HttpError.forbidden(
          "ticket_not_allowed", "A ticket cannot be exchanged for another ticket");
    }
    tickets
        .issue(p)
        .onSuccess(
            ticket -> {
              ctx.response().putHeader("Cache-Control", "no-store");
              ctx.json(
                  new JsonObject()
                      .put("ticket", ticket)
                      .put("expires_in", tickets.ttl().toSeconds()));
            })
        .onFailure(ctx::fail);
  }

  private static HttpError signInError(Throwable err) {
    if (err instanceof AylaException ae
        && (ae.status() == 401 || ae.status() == 403 || ae.status() == 404)) {
      return HttpError.unauthorized("invalid_credentials", "Wrong email or password");
    }
    if (err instanceof AylaException ae && ae.status() == 422) {
      return AylaErrors.rejected(
          "Ayla refused the sign-in", new JsonObject().put("errors", new JsonArray()));
    }
    return HttpError.upstreamUnavailable("The Ayla user service is not reachable");
  }
}
