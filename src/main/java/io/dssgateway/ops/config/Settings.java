package io.dssgateway.ops.config;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.hub.HubSettings;
import io.dssgateway.ops.OpsSettings;
import io.dssgateway.sim.SimSettings;
import io.dssgateway.upstream.UpstreamSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The catalogue of every configuration key; each package declares its own. */
public final class Settings {

  private static final List<Setting> ALL = collect();

  private Settings() {
  }

  public static List<Setting> all() {
    return ALL;
  }

  public static Optional<Setting> byKey(String key) {
    return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
  }

  private static List<Setting> collect() {
    List<Setting> all = new ArrayList<>();
    all.addAll(OpsSettings.ALL);
    all.addAll(SimSettings.ALL);
    all.addAll(UpstreamSettings.ALL);
    all.addAll(AuthSettings.ALL);
    all.addAll(HubSettings.ALL);
    return Collections.unmodifiableList(all);
  }
}
