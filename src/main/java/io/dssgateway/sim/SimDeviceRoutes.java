package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The Ayla device service for the virtual devices the caller owns: list devices, list properties,
 * set a property value (a datapoint event, and a datapointack for to-device properties), update the
 * location (a location event). Another user's device is a 404.
 */
final class SimDeviceRoutes {

  private final Cloud cloud;
  private final SimStats stats;

  SimDeviceRoutes(Cloud cloud, SimStats stats) {
    this.cloud = cloud;
    this.stats = stats;
  }

  void mount(Router router) {
    router.get("/apiv1/devices.json").handler(this::devices);
    router.get("/apiv1/dsns/:dsn/properties.json").handler(this::properties);
    router.post("/apiv1/dsns/:dsn/properties/:name/datapoints.json").handler(this::setProperty);
    router.put("/apiv1/devices/:key/location.json").handler(this::location);
  }

  private void devices(RoutingContext ctx) {
    String owner = user(ctx);
    stats.deviceLists++;
    JsonArray out = new JsonArray();
    cloud.fleet.all().stream()
        .filter(d -> d.ownerUuid.equals(owner))
        .forEach(d -> out.add(d.toJson()));
    ctx.json(out);
  }

  private void properties(RoutingContext ctx) {
    VirtualDevice d = owned(ctx, cloud.fleet.byDsn(ctx.pathParam("dsn")).orElse(null));
    JsonArray out = new JsonArray();
    d.properties().forEach(p -> out.add(p.toJson(d)));
    ctx.json(out);
  }

  private void setProperty(RoutingContext ctx) {
    VirtualDevice d = owned(ctx, cloud.fleet.byDsn(ctx.pathParam("dsn")).orElse(null));
    VirtualDevice.Property p = cloud.property(d, ctx.pathParam("name"));
    Bodies.Errors errors = new Bodies.Errors();
    JsonObject datapoint = errors.object(Bodies.object(ctx), "datapoint", "datapoint");
    if (!datapoint.containsKey("value") || datapoint.getValue("value") == null) {
      errors.add("datapoint.value", "is required");
    }
    errors.unknown(datapoint, Set.of("value", "metadata"));
    errors.throwIfAny("Invalid datapoint");
    JsonObject created = cloud.setValue(d, p, datapoint.getValue("value"));
    ctx.response().setStatusCode(201);
    ctx.json(new JsonObject().put("datapoint", created));
  }

  private void location(RoutingContext ctx) {
    VirtualDevice d;
    try {
      d = owned(ctx, cloud.fleet.byKey(Integer.parseInt(ctx.pathParam("key"))).orElse(null));
    } catch (NumberFormatException e) {
      user(ctx);
      throw HttpError.notFound("No device " + ctx.pathParam("key"));
    }
    Bodies.Errors errors = new Bodies.Errors();
    JsonObject location = errors.object(Bodies.object(ctx), "location", "location");
    String lat = coordinate(errors, location, "lat", 90);
    String lng = coordinate(errors, location, "long", 180);
    errors.throwIfAny("Invalid location");
    cloud.setLocation(d, lat, lng);
    ctx.json(new JsonObject().put("location", new JsonObject().put("lat", lat).put("long", lng)));
  }

  /** A coordinate as a decimal string (numbers are accepted too) within ±limit. */
  static String coordinate(Bodies.Errors errors, JsonObject o, String field, double limit) {
    Object v = o.getValue(field);
    String text = v instanceof Number n ? n.toString() : v instanceof String s ? s.trim() : null;
    try {
      if (text != null && Math.abs(Double.parseDouble(text)) <= limit) {
        return text;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        field, v == null ? "is required" : "must be a decimal degree within ±" + (int) limit);
    return null;
  }

  private String user(RoutingContext ctx) {
    return cloud.accounts.authenticate(ctx.request().getHeader("Authorization")).uuid();
  }

  private VirtualDevice owned(RoutingContext ctx, VirtualDevice d) {
    String owner = user(ctx);
    if (d == null || !d.ownerUuid.equals(owner)) {
      throw HttpError.notFound("No such device");
    }
    return d;
  }
}
