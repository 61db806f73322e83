package io.dssgateway.api;

import io.dssgateway.auth.AuthErrors;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.Principal;
import io.dssgateway.common.HttpError;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.sse.EventRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/state}: the current state of the caller's devices, as a snapshot on {@code /events}
 * gives it, for pages that poll. Scoped as {@code /api/devices}: per-user isolation, and a limited
 * credential names only what its claims cover.
 */
final class StateRoutes {

  private static final Set<String> KNOWN =
      Set.of("oem_model", "dsn", "property_name", "subscription_type", "access_token");
  private static final List<String> PARTS = List.of("connectivity", "datapoint", "location");

  private final Hub hub;
  private final AylaAccess access;
  private final UserDevices devices;
  private final StateReader reader;
  private final int maxValues;

  StateRoutes(Hub hub, AylaAccess access, UserDevices devices, StateReader reader, int maxValues) {
    this.hub = hub;
    this.access = access;
    this.devices = devices;
    this.reader = reader;
    this.maxValues = maxValues;
  }

  void mount(Router router) {
    router.get("/api/state").handler(this::state);
  }

  private void state(RoutingContext ctx) {
    EventRequest.checkParameters(ctx.queryParams(), KNOWN);
    JsonObject errors = new JsonObject();
    Set<String> types = EventRequest.types(ctx.queryParams(), maxValues, errors);
    Set<String> models = EventRequest.values(ctx.queryParams(), "oem_model", maxValues, errors);
    Set<String> dsns = EventRequest.values(ctx.queryParams(), "dsn", maxValues, errors);
    Set<String> props = EventRequest.values(ctx.queryParams(), "property_name", maxValues, errors);
    if (!errors.isEmpty()) {
      throw HttpError.unprocessable("Invalid state request", errors);
    }
    List<String> parts = types.isEmpty() ? PARTS : PARTS.stream().filter(types::contains).toList();
    if (parts.isEmpty()) {
      throw HttpError.unprocessable(
          "Invalid state request",
          new JsonObject()
              .put(
                  "subscription_type",
                  new io.vertx.core.json.JsonArray()
                      .add("name datapoint, connectivity or location")));
    }
    Principal p = CredentialHandler.principal(ctx);
    Filter filter =
        Filter.of(EventRequest.star(models), EventRequest.star(dsns), EventRequest.star(props));
    if (!AylaAccess.permits(p, filter)) {
      throw AuthErrors.insufficientScope("Your credential does not cover these models or devices");
    }
    String scope = access.scopeOf(p);
    List<StreamKey> keys = parts.stream().map(t -> new StreamKey(scope, t, filter)).toList();
    devices
        .admit(p, filter)
        .compose(v -> reader.read(p, filter, parts))
        .compose(state -> hub.state(keys, devices.visibleDevices(scope), state))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }
}
