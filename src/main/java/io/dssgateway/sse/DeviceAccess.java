package io.dssgateway.sse;

/**
 * Which devices' events may reach the browsers of a scope, whatever the upstream sends (an Ayla
 * subscription with {@code dsn=*} matches every device of the OEM, not only the user's). Asked once
 * per event per stream per event loop, never per browser, so it must answer from memory.
 */
public interface DeviceAccess {

  /** Every event reaches its stream's browsers (service mode: the JWT's claims limit the filters instead). */
  DeviceAccess ALL = (scope, dsn) -> true;

  boolean mayDeliver(String scope, String dsn);

  /** The DSNs the scope may see, for the planner; null when it may see whole models (service mode). */
  default java.util.Set<String> visibleDevices(String scope) {
    return null;
  }

  /** A registration event of {@code dsn} passed through a stream of {@code scope}: ownership may have changed. */
  default void registrationSeen(String scope, String dsn) {}
}
