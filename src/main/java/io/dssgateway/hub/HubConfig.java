package io.dssgateway.hub;

import io.dssgateway.config.AppConfig;

/** The hub's typed configuration. */
public record HubConfig(
    long lingerMillis,
    int replayEvents,
    long replayBytes,
    long openWaitMillis,
    long replayBudget,
    int maxStreamsPerScope,
    int maxStreams,
    SubscriptionPlanner.Policy plan,
    int stateDevices) {

  /** With the default bound on the devices each stream's state view keeps. */
  public HubConfig(
      long lingerMillis,
      int replayEvents,
      long replayBytes,
      long openWaitMillis,
      long replayBudget,
      int maxStreamsPerScope,
      int maxStreams,
      SubscriptionPlanner.Policy plan) {
    this(
        lingerMillis,
        replayEvents,
        replayBytes,
        openWaitMillis,
        replayBudget,
        maxStreamsPerScope,
        maxStreams,
        plan,
        Integer.parseInt(HubSettings.STATE_DEVICES.defaultValue()));
  }

  /** With the default bounds on replay buffers and streams, each request planned as asked. */
  public HubConfig(long lingerMillis, int replayEvents, long openWaitMillis) {
    this(
        lingerMillis,
        replayEvents,
        Long.parseLong(HubSettings.REPLAY_BYTES.defaultValue()),
        openWaitMillis);
  }

  /** With the default budget and stream bounds, each request planned as asked. */
  public HubConfig(long lingerMillis, int replayEvents, long replayBytes, long openWaitMillis) {
    this(
        lingerMillis,
        replayEvents,
        replayBytes,
        openWaitMillis,
        Long.parseLong(HubSettings.REPLAY_BUDGET.defaultValue()),
        Integer.parseInt(HubSettings.MAX_STREAMS_PER_SCOPE.defaultValue()),
        Integer.parseInt(HubSettings.MAX_STREAMS.defaultValue()),
        SubscriptionPlanner.Policy.EXACT);
  }

  public static HubConfig from(AppConfig c) {
    return new HubConfig(
        c.millis(HubSettings.LINGER),
        c.integer(HubSettings.REPLAY_EVENTS),
        c.longValue(HubSettings.REPLAY_BYTES),
        c.millis(HubSettings.OPEN_WAIT),
        c.longValue(HubSettings.REPLAY_BUDGET),
        c.integer(HubSettings.MAX_STREAMS_PER_SCOPE),
        c.integer(HubSettings.MAX_STREAMS),
        SubscriptionPlanner.Policy.parse(c.string(HubSettings.PLAN)),
        c.integer(HubSettings.STATE_DEVICES));
  }
}
