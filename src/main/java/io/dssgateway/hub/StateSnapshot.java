package io.dssgateway.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of a snapshot: every device the device service listed for the caller, with the
 * properties its filter names, its connectivity and its location, each from the view of the stream
 * that keeps that part current, or from the device service where no stream of the caller keeps it.
 */
final class StateSnapshot {

  private StateSnapshot() {}

  /**
   * @param views the views of the caller's streams by event type; the missing parts come from {@code
   *     service} alone
   * @param withProperties whether the caller reads datapoints (a caller without them gets no
   *     properties: nothing would keep them current)
   */
  static JsonObject build(
      Filter filter,
      ServiceState service,
      Map<String, DeviceStates> views,
      boolean withProperties) {
    DeviceStates connectivity = partOf(views, "connectivity", service);
    DeviceStates location = partOf(views, "location", service);
    DeviceStates datapoints = withProperties ? partOf(views, "datapoint", service) : null;
    JsonArray devices = new JsonArray();
    boolean complete = service.complete();
    for (ServiceState.Device listed : service.devices()) {
      String dsn = listed.dsn();
      JsonObject device = new JsonObject().put("dsn", dsn).put("oem_model", listed.oemModel());
      DeviceStates.Device c = connectivity.get(dsn);
      if (c != null && c.connectivity != null) {
        device.put(
            "connectivity",
            new JsonObject()
                .put("status", c.connectivity.value())
                .put("event_time", DeviceStates.iso(c.connectivity.micros())));
      }
      DeviceStates.Device l = location.get(dsn);
      if (l != null && l.location != null) {
        Object[] latLong = (Object[]) l.location.value();
        device.put(
            "location",
            new JsonObject()
                .put("lat", latLong[0])
                .put("long", latLong[1])
                .put("created_at", DeviceStates.iso(l.location.micros())));
      }
      if (withProperties) {
        DeviceStates.Device d = datapoints.get(dsn);
        complete &= datapoints.filled(dsn);
        device.put("properties", properties(filter, d));
      }
      devices.add(device);
    }
    JsonObject snapshot = new JsonObject().put("devices", devices).put("complete", complete);
    if (!complete) {
      snapshot.put("reason", service.reason() != null ? service.reason() : "view_bounded");
    }
    return snapshot;
  }

  /** The view of the stream that keeps this part current, else what the device service said alone. */
  private static DeviceStates partOf(
      Map<String, DeviceStates> views, String type, ServiceState service) {
    DeviceStates view = views.get(type);
    return view != null ? view : DeviceStates.of(type, service);
  }

  private static JsonObject properties(Filter filter, DeviceStates.Device d) {
    JsonObject out = new JsonObject();
    if (d == null) {
      return out;
    }
    new TreeMap<>(d.properties)
        .forEach(
            (name, v) -> {
              if (filter.properties().isEmpty() || filter.properties().contains(name)) {
                out.put(
                    name,
                    new JsonObject()
                        .put("value", v.value())
                        .put("updated_at", DeviceStates.iso(v.micros())));
              }
            });
    return out;
  }
}
