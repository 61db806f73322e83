package io.dssgateway.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the five DSS event bodies exactly as dss-protocol.md §3 shows them (without {@code seq},
 * which each subscription adds). Key order: seq, metadata, body.
 */
final class Events {

  private Events() {}

  static JsonObject connectivity(VirtualDevice d, String status) {
    return new JsonObject()
        .put("metadata", metadata(d, "connectivity"))
        .put(
            "connection",
            new JsonObject()
                .put("event_time", now())
                .put("user_uuid", d.ownerUuid)
                .put("status", status));
  }

  /** A datapoint; {@code fromDevice} datapoints carry created_at_from_device, app-set ones null. */
  static JsonObject datapoint(
      VirtualDevice d, VirtualDevice.Property p, Object value, String id, boolean fromDevice) {
    return new JsonObject()
        .put("metadata", propertyMetadata(d, p, "datapoint"))
        .put("datapoint", datapointBody(d, value, id, fromDevice));
  }

  /** The virtual agent's acknowledgement of a to-device datapoint (body under {@code datapoint}, as documented). */
  static JsonObject datapointAck(
      VirtualDevice d, VirtualDevice.Property p, Object value, String id) {
    JsonObject body =
        datapointBody(d, value, id, false)
            .put("ack_message", 0)
            .put("ack_status", 200)
            .put("ack_id", id)
            .put("acked_at", now());
    return new JsonObject()
        .put("metadata", propertyMetadata(d, p, "datapointack"))
        .put("datapoint", body);
  }

  static JsonObject location(VirtualDevice d) {
    return new JsonObject()
        .put("metadata", metadata(d, "location"))
        .put(
            "location_event",
            new JsonObject()
                .put("dsn", d.dsn)
                .put("ip", d.ip)
                .put("lat", d.lat)
                .put("long", d.lng)
                .put("provider", "ip-based")
                .put("user_uuid", d.ownerUuid)
                .put("created_at", now()));
  }

  static JsonObject registration(VirtualDevice d, boolean registered) {
    return new JsonObject()
        .put("metadata", metadata(d, "registration"))
        .put(
            "registration_event",
            new JsonObject()
                .put("dsn", d.dsn)
                .put("user_uuid", d.ownerUuid)
                .put("registered", registered)
                .put("registration_type", "AP-Mode")
                .put(registered ? "registered_at" : "unregistered_at", now()));
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  static String now() {
    return Instant.now().toString();
  }

  private static JsonObject datapointBody(
      VirtualDevice d, Object value, String id, boolean fromDevice) {
    String now = now();
    return new JsonObject()
        .put("id", id)
        .put("created_at_from_device", fromDevice ? now : null)
        .put("updated_at", now)
        .put("created_at", now)
        .put("user_uuid", d.ownerUuid)
        .put("echo", false)
        .put("closed", false)
        .put("value", value)
        .put("metadata", new JsonObject());
  }

  private static JsonObject metadata(VirtualDevice d, String eventType) {
    return new JsonObject()
        .put("oem_id", Fleet.OEM_ID)
        .put("oem_model", d.oemModel)
        .put("dsn", d.dsn)
        .put("resource_tags", new JsonArray())
        .put("event_type", eventType);
  }

  private static JsonObject propertyMetadata(
      VirtualDevice d, VirtualDevice.Property p, String eventType) {
    return metadata(d, eventType)
        .put("property_name", p.name)
        .put("display_name", p.displayName)
        .put("base_type", p.baseType);
  }
}
