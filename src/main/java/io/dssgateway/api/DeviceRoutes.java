package io.dssgateway.api;

import io.dssgateway.auth.AuthErrors;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.Principal;
import io.dssgateway.common.HttpError;
import io.dssgateway.upstream.AylaErrors;
import io.dssgateway.upstream.AylaException;
import io.dssgateway.upstream.AylaSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The device-service proxy: list devices, list a device's properties, set a property. Same JSON
 * shapes as Ayla's; the caller's Ayla session makes the call. In service mode a caller sees and
 * touches only the devices its claims allow.
 */
final class DeviceRoutes {

  private final AylaAccess access;

  DeviceRoutes(AylaAccess access) {
    this.access = access;
  }

  void mount(Router router) {
    router.get("/api/devices").handler(this::devices);
    router.get("/api/devices/:dsn/properties").handler(this::properties);
    router.post("/api/devices/:dsn/properties/:name/datapoints").handler(this::setProperty);
  }

  private void devices(RoutingContext ctx) {
    Principal p = CredentialHandler.principal(ctx);
    access
        .forPrincipal(p)
        .devices()
        .map(devices -> visible(p, devices))
        .onSuccess(devices -> ctx.json(devices))
        .onFailure(err -> ctx.fail(upstreamError(err)));
  }

  private void properties(RoutingContext ctx) {
    Principal p = CredentialHandler.principal(ctx);
    String dsn = JsonBodies.name(ctx, "dsn");
    AylaSession session = access.forPrincipal(p);
    requireDevice(p, session, dsn)
        .compose(v -> session.properties(dsn))
        .onSuccess(props -> ctx.json(props))
        .onFailure(err -> ctx.fail(upstreamError(err)));
  }

  private void setProperty(RoutingContext ctx) {
    Principal p = CredentialHandler.principal(ctx);
    String dsn = JsonBodies.name(ctx, "dsn");
    String name = JsonBodies.name(ctx, "name");
    JsonObject body = JsonBodies.object(ctx, Set.of("datapoint"));
    if (!(body.getValue("datapoint") instanceof JsonObject dp)
        || !dp.containsKey("value")
        || !(dp.getValue("value") instanceof Number
            || dp.getValue("value") instanceof Boolean
            || dp.getValue("value") instanceof String)) {
      throw HttpError.unprocessable(
          "Invalid datapoint",
          new JsonObject()
              .put(
                  "datapoint",
                  new JsonArray().add("must be an object with a number, boolean or string value")));
    }
    AylaSession session = access.forPrincipal(p);
    requireDevice(p, session, dsn)
        .compose(v -> session.createDatapoint(dsn, name, body))
        .onSuccess(
            created ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(created.encode()))
        .onFailure(err -> ctx.fail(upstreamError(err)));
  }

  /** Unrestricted callers go straight to Ayla; limited ones must hold a claim on the device. */
  private Future<Void> requireDevice(Principal p, AylaSession session, String dsn) {
    if (p.unrestricted()) {
      return Future.succeededFuture();
    }
    return session
        .devices()
        .compose(
            devices -> {
              for (Object o : devices) {
                JsonObject d = device(o);
                if (dsn.equals(d.getString("dsn")) && p.mayRead(d.getString("oem_model"), dsn)) {
                  return Future.succeededFuture();
                }
              }
              return Future.failedFuture(
                  AuthErrors.insufficientScope("Your credential does not cover this device"));
            });
  }

  private static JsonArray visible(Principal p, JsonArray devices) {
    if (p.unrestricted()) {
      return devices;
    }
    JsonArray out = new JsonArray();
    for (Object o : devices) {
      JsonObject d = device(o);
      if (p.mayRead(d.getString("oem_model"), d.getString("dsn"))) {
        out.add(o);
      }
    }
    return out;
  }

  private static JsonObject device(Object entry) {
    return entry instanceof JsonObject j ? j.getJsonObject("device", j) : new JsonObject();
  }

  /** Ayla's answer, mapped to the gateway's errors; Ayla's own 4xx body is passed along. */
  static Throwable upstreamError(Throwable err) {
    if (err instanceof HttpError) {
      return err;
    }
    if (err instanceof AylaException ae) {
      JsonObject details = new JsonObject().put("ayla_status", ae.status());
      return switch (ae.status()) {
        case 401, 403 ->
            HttpError.unauthorized(
                "ayla_session_expired", "The Ayla session has expired; sign in again", details);
        case 404 -> HttpError.notFound("Ayla has no such device or property", details);
        case 422, 400 -> AylaErrors.rejected("Ayla refused the request", details);
        default ->
            HttpError.badGateway("upstream_error", "The Ayla device service failed", details);
      };
    }
    return HttpError.upstreamUnavailable("The Ayla device service is not reachable");
  }
}
