package io.dssgateway.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The virtual devices: those of dss-protocol.md §4 by default, plus any from {@code sim.devices-file}
 * (a JSON array of {@code {"dsn","oem_model","product_name","owner","lat","lng","properties":[{"name",
 * "display_name","base_type","direction","value"}]}}). All belong to one OEM.
 */
final class Fleet {

  static final String OEM_ID = "0dfc7900";

  private final Map<String, VirtualDevice> byDsn = new LinkedHashMap<>();
  private int nextKey = 5_310_000;
  private int nextPropertyKey = 80_100_000;

  static Fleet withDefaults(String ownerUuid) {
    Fleet fleet = new Fleet();
    fleet.add(
        fleet.evalBoard(
            "AC000W000340649",
            "ledevb",
            "Ayla Eval Board (ledevb)",
            ownerUuid,
            "37.3861",
            "-122.0839"));
    fleet.add(
        fleet.evalBoard(
            "AC000W000340650",
            "linuxevb",
            "Linux Host Board (linuxevb)",
            ownerUuid,
            "48.864716",
            "2.349014"));
    VirtualDevice freezer =
        fleet.device(
            "VD0bbb112e0000011",
            "freezer-model",
            "Virtual Freezer",
            ownerUuid,
            "52.520008",
            "13.404954");
    freezer.add(fleet.property("too_warm", "Too Warm", "boolean", "output", 0));
    freezer.add(fleet.property("max_temp", "Max Temp", "integer", "input", -18));
    fleet.add(freezer);
    return fleet;
  }

  /** Adds the devices of a devices file; owners are account uuids resolved by the caller. */
  void addAll(JsonArray specs, java.util.function.Function<String, String> ownerUuidOf) {
    for (Object o : specs) {
      if (!(o instanceof JsonObject spec)) {
        throw new IllegalArgumentException("sim.devices-file: every entry must be a JSON object");
      }
      String dsn = required(spec, "dsn");
      VirtualDevice d =
          device(
              dsn,
              required(spec, "oem_model"),
              spec.getString("product_name", dsn),
              ownerUuidOf.apply(spec.getString("owner")),
              spec.getString("lat", "0.0"),
              spec.getString("lng", "0.0"));
      for (Object p : spec.getJsonArray("properties", new JsonArray())) {
        JsonObject ps = (JsonObject) p;
        String name = required(ps, "name");
        d.add(
            property(
                name,
                ps.getString("display_name", name),
                ps.getString("base_type", "string"),
                ps.getString("direction", "output"),
                ps.getValue("value")));
      }
      add(d);
    }
  }

  Optional<VirtualDevice> byDsn(String dsn) {
    return Optional.ofNullable(byDsn.get(dsn));
  }

  Optional<VirtualDevice> byKey(int key) {
    return byDsn.values().stream().filter(d -> d.key == key).findFirst();
  }

  List<VirtualDevice> all() {
    return new ArrayList<>(byDsn.values());
  }

  private void add(VirtualDevice d) {
    byDsn.put(d.dsn, d);
  }

  private VirtualDevice evalBoard(
      String dsn, String oemModel, String name, String owner, String lat, String lng) {
    return device(dsn, oemModel, name, owner, lat, lng)
        .add(property("Blue_LED", "Blue LED", "boolean", "input", 0))
        .add(property("Green_LED", "Green LED", "boolean", "input", 0))
        .add(property("Blue_button", "Blue Button", "boolean", "output", 0))
        .add(property("Red_button", "Red Button", "boolean", "output", 0));
  }

  private VirtualDevice device(
      String dsn, String oemModel, String name, String owner, String lat, String lng) {
    return new VirtualDevice(nextKey++, dsn, oemModel, name, "AY001MRT1", owner, lat, lng);
  }

  private VirtualDevice.Property property(
      String name, String display, String baseType, String direction, Object value) {
    return new VirtualDevice.Property(name, display, baseType, direction, nextPropertyKey++, value);
  }

  private static String required(JsonObject o, String field) {
    String v = o.getString(field);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("sim.devices-file: missing '" + field + "'");
    }
    return v;
  }
}
