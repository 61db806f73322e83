package io.dssgateway.hub;

import io.vertx.core.json.JsonArray;
import java.util.List;

/**
 * What Ayla's device service said of the devices a snapshot covers, read for the caller before the
 * hub builds it: every device the caller's filter and scope cover, and the properties of those the
 * stream's view did not yet keep current. {@code complete} is false (with {@code reason}) when some
 * could not be read.
 */
public record ServiceState(List<Device> devices, boolean complete, String reason) {

  /** One device; {@code properties} as {@code properties.json} lists them, null when not read. */
  public record Device(
      String dsn,
      String oemModel,
      String connectionStatus,
      String lat,
      String lng,
      JsonArray properties) {}
}
