package io.dssgateway.hub;

import io.dssgateway.config.AppConfig;

/** The hub's typed configuration. */
public record HubConfig(long lingerMillis, int replayEvents, long openWaitMillis) {

  public static HubConfig from(AppConfig c) {
    return new HubConfig(c.millis(HubSettings.LINGER), c.integer(HubSettings.REPLAY_EVENTS), c.millis(HubSettings.OPEN_WAIT));
  }
}
