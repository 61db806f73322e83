package io.dssgateway.api;

import io.dssgateway.auth.AuthErrors;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.JwtIssuer;
import io.dssgateway.auth.LoginThrottle;
import io.dssgateway.auth.SessionCookie;
import io.dssgateway.auth.SessionStore;
import io.dssgateway.auth.StreamTickets;
import io.dssgateway.common.HttpError;
import io.dssgateway.common.JsonErrorHandler;
import io.dssgateway.history.HistoryStore;
import io.dssgateway.hub.Hub;
import io.dssgateway.sse.EventRequest;
import io.dssgateway.sse.SseEndpoint;
import io.dssgateway.upstream.AylaClient;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/** The gateway's HTTP surface, assembled in one place. */
public final class GatewayRouter {

  /** Everything the routes need, built by the wiring class. */
  public record Parts(
      AylaClient ayla,
      SessionStore sessions,
      JwtIssuer issuer,
      StreamTickets tickets,
      SessionCookie cookie,
      AylaAccess access,
      CredentialHandler credentials,
      Hub hub,
      SseEndpoint sse,
      LoginThrottle loginThrottle,
      UserDevices devices,
      HistoryStore history) {}

  /** The HTTP surface's typed configuration, built from OpsSettings and SseSettings. */
  public record Config(
      int maxBodyBytes,
      List<String> corsOrigins,
      String webroot,
      int maxFilterValues,
      int stateFillDevices) {}

  private GatewayRouter() {}

  /**
   * @param before routes mounted first (access log, probes, metrics) by the operations layer
   */
  public static Router create(Vertx vertx, Parts parts, Config config, Handler<Router> before) {
    Router router = Router.router(vertx);
    router.route().handler(new SecurityHeaders());
    before.handle(router);
    Origins origins = new Origins(config.corsOrigins());
    router.route().handler(new CorsPolicy(origins));
    router.route().handler(new OriginCheck(origins, parts.cookie().name()));
    router.route().handler(new MethodCheck());
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));

    AuthRoutes auth =
        new AuthRoutes(
            parts.ayla(),
            parts.sessions(),
            parts.issuer(),
            parts.tickets(),
            parts.cookie(),
            parts.access(),
            parts.loginThrottle());
    auth.mountPublic(router);

    router.route("/api/*").handler(parts.credentials().withoutTickets());
    StateReader states =
        new StateReader(parts.access(), parts.devices(), parts.hub(), config.stateFillDevices());
    router
        .get("/events")
        .handler(parts.credentials())
        .handler(parts.sse()::checkRequest)
        .handler(
            ctx ->
                parts
                    .devices()
                    .admit(CredentialHandler.principal(ctx), SseEndpoint.request(ctx).filter())
                    .onSuccess(v -> ctx.next())
                    .onFailure(ctx::fail))
        .handler(GatewayRouter::withinClaims)
        .handler(ctx -> readState(ctx, states))
        .handler(parts.sse());
    auth.mountAuthenticated(router);
    new StreamRoutes(parts.hub(), parts.access()).mount(router);
    new DeviceRoutes(parts.access()).mount(router);
    new StateRoutes(parts.hub(), parts.access(), parts.devices(), states, config.maxFilterValues())
        .mount(router);
    new HistoryRoutes(parts.history(), parts.access(), parts.devices(), config.maxFilterValues())
        .mount(router);
    router.route("/api/*").handler(GatewayRouter::notFound);

    // ROOT access with an absolute path: Vert.x refuses absolute roots in RELATIVE mode (e.g.
    // /app/webroot in the image)
    String webroot =
        java.nio.file.Path.of(config.webroot()).toAbsolutePath().normalize().toString();
    router
        .route("/*")
        .handler(
            StaticHandler.create(FileSystemAccess.ROOT, webroot)
                .setCachingEnabled(false)
                .setIndexPage("index.html"));
    router.route().handler(GatewayRouter::notFound);
    router.route().failureHandler(JsonErrorHandler.create());
    return router;
  }

  /** A credential limited by its claims opens only streams they cover. */
  private static void withinClaims(RoutingContext ctx) {
    if (!AylaAccess.permits(CredentialHandler.principal(ctx), SseEndpoint.request(ctx).filter())) {
      throw AuthErrors.insufficientScope("Your credential does not cover these models or devices");
    }
    ctx.next();
  }

  /** A stream that asked for a snapshot reads the device service once its streams are open. */
  private static void readState(RoutingContext ctx, StateReader states) {
    EventRequest request = SseEndpoint.request(ctx);
    if (request.snapshot()) {
      io.dssgateway.auth.Principal p = CredentialHandler.principal(ctx);
      SseEndpoint.withState(ctx, () -> states.read(p, request.filter(), request.types()));
    }
    ctx.next();
  }

  private static void notFound(RoutingContext ctx) {
    ctx.fail(
        HttpError.notFound(
            "No such resource: " + ctx.request().method() + " " + ctx.normalizedPath()));
  }
}
