package io.dssgateway.auth;

import io.dssgateway.common.JsonErrorHandler;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * A real HTTP server on port 0 with a tiny router behind {@link CredentialHandler}:
 * {@code GET /api/whoami} echoes the principal, {@code GET /api/devices/:dsn?oem_model=} applies
 * the scope check.
 */
final class AuthHarness {

  final AuthConfig config;
  final JwtIssuer issuer;
  final TokenVerifier verifier;
  final StreamTickets tickets;
  final HttpServer server;

  private AuthHarness(
      AuthConfig config,
      JwtIssuer issuer,
      TokenVerifier verifier,
      StreamTickets tickets,
      HttpServer server) {
    this.config = config;
    this.issuer = issuer;
    this.verifier = verifier;
    this.tickets = tickets;
    this.server = server;
  }

  static Future<AuthHarness> start(
      Vertx vertx, Map<String, String> settings, SessionCheck sessions) {
    AuthConfig config = AuthConfig.from(GatewaySettings.config(settings));
    TicketStore tickets = new TicketStore(config);
    return JwtIssuer.create(vertx, config)
        .compose(
            issuer ->
                TokenVerifier.create(vertx, config, issuer)
                    .compose(
                        verifier -> {
                          Router router = Router.router(vertx);
                          router
                              .route("/api/*")
                              .handler(new CredentialHandler(verifier, tickets, sessions, config));
                          router
                              .get("/api/whoami")
                              .handler(
                                  ctx -> {
                                    Principal p = CredentialHandler.principal(ctx);
                                    ctx.json(
                                        new JsonObject()
                                            .put("sub", p.subject())
                                            .put("sid", p.sessionId())
                                            .put("source", p.source().name()));
                                  });
                          router
                              .get("/api/devices/:dsn")
                              .handler(
                                  ctx -> {
                                    if (!CredentialHandler.principal(ctx)
                                        .mayRead(
                                            ctx.queryParams().get("oem_model"),
                                            ctx.pathParam("dsn"))) {
                                      throw AuthErrors.insufficientScope(
                                          "This credential does not grant access to that resource");
                                    }
                                    ctx.json(new JsonObject().put("dsn", ctx.pathParam("dsn")));
                                  });
                          router.route().failureHandler(JsonErrorHandler.create());
                          return vertx
                              .createHttpServer()
                              .requestHandler(router)
                              .listen(0, "127.0.0.1")
                              .map(
                                  server ->
                                      new AuthHarness(config, issuer, verifier, tickets, server));
                        }));
  }

  int port() {
    return server.actualPort();
  }
}
