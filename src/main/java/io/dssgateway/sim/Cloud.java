package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What happens in the simulated cloud when a device or an app acts: the twin changes and the
 * matching event is published. Shared by the device service and the control API.
 */
final class Cloud {

  final Accounts accounts;
  final Fleet fleet;
  final Subscriptions subscriptions;
  private final Vertx vertx;
  private final long ackDelayMs;

  Cloud(Vertx vertx, Accounts accounts, Fleet fleet, Subscriptions subscriptions, long ackDelayMs) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.fleet = fleet;
    this.subscriptions = subscriptions;
    this.ackDelayMs = ackDelayMs;
  }

  VirtualDevice device(String dsn) {
    return fleet.byDsn(dsn).orElseThrow(() -> HttpError.notFound("No device " + dsn));
  }

  VirtualDevice.Property property(VirtualDevice d, String name) {
    return d.property(name)
        .orElseThrow(() -> HttpError.notFound("No property " + name + " on " + d.dsn));
  }

  /** The device reports a value (from-device datapoint). Values keep their JSON type. */
  JsonObject reportValue(VirtualDevice d, VirtualDevice.Property p, Object value) {
    return record(d, p, value, true);
  }

  /**
   * An app sets a value through the device service: a datapoint event, then, for a to-device
   * ({@code input}) property, the virtual agent's datapointack after {@code sim.ack-delay-ms}.
   */
  JsonObject setValue(VirtualDevice d, VirtualDevice.Property p, Object value) {
    requireType(p, value);
    JsonObject datapoint = record(d, p, value, false);
    if (p.toDevice()) {
      String id = datapoint.getString("id");
      Runnable ack =
          () ->
              subscriptions.publish(
                  "datapointack", d, p.name, Events.datapointAck(d, p, value, id));
      if (ackDelayMs <= 0) {
        ack.run();
      } else {
        vertx.setTimer(ackDelayMs, t -> ack.run());
      }
    }
    return datapoint;
  }

  void setConnectivity(VirtualDevice d, String status) {
    d.connectionStatus = status;
    subscriptions.publish("connectivity", d, null, Events.connectivity(d, status));
  }

  void setRegistration(VirtualDevice d, boolean registered) {
    subscriptions.publish("registration", d, null, Events.registration(d, registered));
  }

  void setLocation(VirtualDevice d, String lat, String lng) {
    d.lat = lat;
    d.lng = lng;
    subscriptions.publish("location", d, null, Events.location(d));
  }

  private JsonObject record(
      VirtualDevice d, VirtualDevice.Property p, Object value, boolean fromDevice) {
    JsonObject event = Events.datapoint(d, p, value, Events.newId(), fromDevice);
    p.value = value;
    p.dataUpdatedAt = event.getJsonObject("datapoint").getString("updated_at");
    subscriptions.publish("datapoint", d, p.name, event);
    return event.getJsonObject("datapoint");
  }

  /** Device-service values must fit the property's base type (booleans also as 0/1, as Ayla shows them). */
  static void requireType(VirtualDevice.Property p, Object value) {
    boolean ok =
        switch (p.baseType) {
          case "boolean" ->
              value instanceof Boolean
                  || value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1);
          case "integer" ->
              value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
          case "decimal", "float" -> value instanceof Number;
          case "string", "file", "message" -> value instanceof String;
          default ->
              value != null && !(value instanceof JsonObject) && !(value instanceof JsonArray);
        };
    if (!ok) {
      throw HttpError.unprocessable(
          "value does not fit base_type " + p.baseType,
          new JsonObject().put("value", new JsonArray().add("must be a " + p.baseType)));
    }
  }
}
