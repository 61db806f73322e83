package io.dssgateway.sim;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One virtual device: its digital twin (status, location, properties) as the device service shows it. */
final class VirtualDevice {

  /** A twin property. {@code direction} is {@code input} (to device, set by apps) or {@code output}. */
  static final class Property {
    final String name;
    final String displayName;
    final String baseType;
    final String direction;
    final int key;
    Object value;
    String dataUpdatedAt;

    Property(
        String name, String displayName, String baseType, String direction, int key, Object value) {
      this.name = name;
      this.displayName = displayName;
      this.baseType = baseType;
      this.direction = direction;
      this.key = key;
      this.value = value;
    }

    boolean toDevice() {
      return "input".equals(direction);
    }

    JsonObject toJson(VirtualDevice device) {
      return new JsonObject()
          .put(
              "property",
              new JsonObject()
                  .put("type", "Property")
                  .put("name", name)
                  .put("display_name", displayName)
                  .put("base_type", baseType)
                  .put("direction", direction)
                  .put("read_only", !toDevice())
                  .put("key", key)
                  .put("device_key", device.key)
                  .put("product_name", device.productName)
                  .put("value", value)
                  .put("data_updated_at", dataUpdatedAt));
    }
  }

  final int key;
  final String dsn;
  final String oemModel;
  final String productName;
  final String model;
  final String ownerUuid;
  String connectionStatus = "Online";
  String lat;
  String lng;
  String ip = "192.0.2.10";
  private final Map<String, Property> properties = new LinkedHashMap<>();

  VirtualDevice(
      int key,
      String dsn,
      String oemModel,
      String productName,
      String model,
      String ownerUuid,
      String lat,
      String lng) {
    this.key = key;
    this.dsn = dsn;
    this.oemModel = oemModel;
    this.productName = productName;
    this.model = model;
    this.ownerUuid = ownerUuid;
    this.lat = lat;
    this.lng = lng;
  }

  VirtualDevice add(Property p) {
    properties.put(p.name, p);
    return this;
  }

  Optional<Property> property(String name) {
    return Optional.ofNullable(properties.get(name));
  }

  Iterable<Property> properties() {
    return properties.values();
  }

  JsonObject toJson() {
    return new JsonObject()
        .put(
            "device",
            new JsonObject()
                .put("key", key)
                .put("dsn", dsn)
                .put("product_name", productName)
                .put("model", model)
                .put("oem_model", oemModel)
                .put("oem_id", Fleet.OEM_ID)
                .put("connection_status", connectionStatus)
                .put("lat", lat)
                .put("lng", lng)
                .put("lan_ip", ip)
                .put("device_type", "Wifi")
                .put("lan_enabled", false)
                .put("has_properties", !properties.isEmpty()));
  }
}
