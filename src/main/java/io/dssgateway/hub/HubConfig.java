package io.dssgateway.hub;

import io.dssgateway.config.AppConfig;

/** The hub's typed configuration. */
public record HubConfig(long lingerMillis, int replayEvents, long replayBytes, long openWaitMillis) {

  /** With the default byte bound of the replay buffers. */
  public HubConfig(long lingerMillis, int replayEvents, long openWaitMillis) {
    this(lingerMillis, replayEvents, Long.parseLong(HubSettings.REPLAY_BYTES.defaultValue()), openWaitMillis);
  }

  public static HubConfig from(AppConfig c) {
    return new HubConfig(c.millis(HubSettings.LINGER), c.integer(HubSettings.REPLAY_EVENTS), c.longValue(HubSettings.REPLAY_BYTES),
        c.millis(HubSettings.OPEN_WAIT));
  }
}
