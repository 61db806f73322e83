package io.dssgateway.ops;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.cluster.ClusterSettings;
import io.dssgateway.config.AppConfig;
import io.dssgateway.config.Catalogue;
import io.dssgateway.history.HistorySettings;
import io.dssgateway.hub.HubSettings;
import io.dssgateway.sim.SimSettings;
import io.dssgateway.sse.SseSettings;
import io.dssgateway.upstream.UpstreamSettings;
import java.util.Map;

/** Every configuration key of the application: each package declares its own, the wiring lists them here. */
public final class GatewaySettings {

  public static final Catalogue CATALOGUE =
      Catalogue.of(
          OpsSettings.ALL,
          SimSettings.ALL,
          UpstreamSettings.ALL,
          AuthSettings.ALL,
          HubSettings.ALL,
          SseSettings.ALL,
          ClusterSettings.ALL,
          HistorySettings.ALL);

  private GatewaySettings() {}

  /** The application's configuration from raw values (defaults for the rest); tests and tools. */
  public static AppConfig config(Map<String, String> raw) {
    return AppConfig.of(CATALOGUE, raw);
  }
}
