package io.dssgateway.hub;

import io.dssgateway.config.AppConfig;

/** The hub's typed configuration. */
public record HubConfig(long lingerMillis, int replayEvents, String storePath, long openWaitMillis) {

  public HubConfig(long lingerMillis, int replayEvents, String storePath) {
    this(lingerMillis, replayEvents, storePath, 15_000);
  }

  public static HubConfig from(AppConfig c) {
    return new HubConfig(c.millis(HubSettings.LINGER), c.integer(HubSettings.REPLAY_EVENTS), c.string(HubSettings.STORE_PATH),
        c.millis(HubSettings.OPEN_WAIT));
  }
}
