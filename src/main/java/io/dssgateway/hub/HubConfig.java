package io.dssgateway.hub;

import io.dssgateway.ops.config.AppConfig;

/** The hub's typed configuration. */
public record HubConfig(long lingerMillis, int replayEvents, String storePath) {

  public static HubConfig from(AppConfig c) {
    return new HubConfig(c.millis(HubSettings.LINGER), c.integer(HubSettings.REPLAY_EVENTS), c.string(HubSettings.STORE_PATH));
  }
}
