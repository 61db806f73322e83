package io.dssgateway.hub;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest state one stream has carried, per device: what its events say (a property's value, a
 * device's connectivity or location) and what the device service said for devices it had not yet
 * seen. The newer of two values wins, by the time each carries, so an event already in the view
 * changes nothing when it comes again. Bounded in devices: the one least recently changed or read goes
 * first, and is read from the device service again when a snapshot needs it. Touched only on the
 * hub's context; a stream starts one when its first snapshot is asked for.
 */
public final class DeviceStates {

  /** One value with the time it took effect, in microseconds since the epoch (0: unknown). */
  record Value(Object value, long micros) {}

  /** One device as the view knows it. */
  static final class Device {
    String oemModel;
    Value connectivity; // value: the status
    Value location; // value: [lat, long]
    final Map<String, Value> properties = new HashMap<>(4);
    boolean
        filled; // read from the device service since the view began: the stream keeps it current
  }

  private final String eventType;
  private final int maxDevices;
  private final Map<String, String> names = new HashMap<>(); // property names, kept once
  private final LinkedHashMap<String, Device> devices;

  DeviceStates(String eventType, int maxDevices) {
    this.eventType = eventType;
    this.maxDevices = maxDevices;
    this.devices =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Device> eldest) {
            return size() > DeviceStates.this.maxDevices;
          }
        };
  }

  /** Takes what an event says; events of other types, or that do not parse, change nothing. */
  void apply(StreamEvent event) {
    if (event.dsn() == null || !EventTypes.keepsState(event.eventType())) {
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(event.json());
    } catch (RuntimeException e) {
      return;
    }
    Device d = device(event.dsn(), event.oemModel());
    switch (event.eventType()) {
      case "datapoint" -> {
        JsonObject dp = json.getJsonObject("datapoint");
        if (dp != null && event.propertyName() != null) {
          String at = dp.getString("updated_at", dp.getString("created_at"));
          put(
              d.properties,
              name(event.propertyName()),
              new Value(dp.getValue("value"), micros(at)));
        }
      }
      case "connectivity" -> {
        JsonObject c = json.getJsonObject("connection");
        if (c != null) {
          d.connectivity =
              newer(
                  d.connectivity,
                  new Value(c.getString("status"), micros(c.getString("event_time"))));
        }
      }
      default -> {
        JsonObject l = json.getJsonObject("location_event");
        if (l != null) {
          Object[] latLong = {l.getValue("lat"), l.getValue("long")};
          d.location = newer(d.location, new Value(latLong, micros(l.getString("created_at"))));
        }
      }
    }
  }

  /** A view of what the device service said alone, for the parts no stream of the caller keeps. */
  static DeviceStates of(String eventType, ServiceState service) {
    DeviceStates view = new DeviceStates(eventType, Integer.MAX_VALUE);
    service.devices().forEach(d -> view.fill(d, Long.MAX_VALUE, new HashMap<>()));
    return view;
  }

  /**
   * Takes what the device service said of one device, for the part this view keeps: its properties
   * as {@code properties.json} lists them (when they were read), or its connection status or location
   * (untimed: they count only where the view has nothing). A property value newer than the view's,
   * from {@code sinceMicros} on (when the stream opened), may not have come through the stream yet:
   * it goes into {@code ahead}.
   */
  void fill(ServiceState.Device fetched, long sinceMicros, Map<String, Long> ahead) {
    Device d = device(fetched.dsn(), fetched.oemModel());
    switch (eventType) {
      case "datapoint" -> {
        if (fetched.properties() == null) {
          return;
        }
        for (Object o : fetched.properties()) {
          JsonObject p = o instanceof JsonObject j ? j.getJsonObject("property", j) : null;
          if (p != null && p.getValue("name") instanceof String name) {
            Value v = new Value(p.getValue("value"), micros(p.getString("data_updated_at")));
            Value had = d.properties.get(name);
            if (v.micros() >= sinceMicros && (had == null || v.micros() > had.micros())) {
              ahead.put(Channel.Snapshot.key(fetched.dsn(), name), v.micros());
            }
            put(d.properties, name(name), v);
          }
        }
      }
      case "connectivity" -> {
        if (d.connectivity == null && fetched.connectionStatus() != null) {
          d.connectivity = new Value(fetched.connectionStatus(), 0);
        }
      }
      default -> {
        if (d.location == null && fetched.lat() != null) {
          d.location = new Value(new Object[] {fetched.lat(), fetched.lng()}, 0);
        }
      }
    }
    d.filled = true;
  }

  /** Takes every event a stream still holds, oldest first: a view that starts late misses nothing since. */
  /** Whether the view keeps this device's properties current (read once, then followed). */
  boolean filled(String dsn) {
    Device d = devices.get(dsn);
    return d != null && d.filled;
  }

  /** The stream lost events (skipped, recreated): every device is read from the device service again. */
  void invalidate() {
    devices.values().forEach(d -> d.filled = false);
  }

  Device get(String dsn) {
    return devices.get(dsn);
  }

  int size() {
    return devices.size();
  }

  private Device device(String dsn, String oemModel) {
    Device d = devices.get(dsn);
    if (d == null) {
      d = new Device();
      devices.put(dsn, d);
    }
    if (oemModel != null) {
      d.oemModel = oemModel;
    }
    return d;
  }

  private String name(String property) {
    return names.computeIfAbsent(property, n -> n);
  }

  private static void put(Map<String, Value> values, String name, Value v) {
    values.merge(name, v, DeviceStates::newer);
  }

  private static Value newer(Value old, Value v) {
    return old == null || v.micros() >= old.micros() ? v : old;
  }

  /** An ISO-8601 instant in microseconds since the epoch; 0 when absent or unreadable. */
  public static long micros(String iso) {
    if (iso == null) {
      return 0;
    }
    try {
      Instant t = Instant.parse(iso);
      return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  static String iso(long micros) {
    return micros == 0
        ? null
        : Instant.ofEpochSecond(
                Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000)
            .toString();
  }
}
