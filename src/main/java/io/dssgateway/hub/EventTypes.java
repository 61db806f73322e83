package io.dssgateway.hub;

import java.util.List;

/** The five DSS event types. */
public final class EventTypes {

  public static final List<String> ALL =
      List.of("connectivity", "datapoint", "datapointack", "location", "registration");

  private EventTypes() {}

  public static boolean isKnown(String type) {
    return ALL.contains(type);
  }

  /** Whether the type's events say something a device's current state keeps (a value, its connectivity, its location). */
  public static boolean keepsState(String type) {
    return "datapoint".equals(type) || "connectivity".equals(type) || "location".equals(type);
  }

  public static boolean hasProperties(String type) {
    return "datapoint".equals(type) || "datapointack".equals(type);
  }
}
