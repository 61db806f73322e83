package io.dssgateway.sse;

import io.dssgateway.hub.HubSettings;
import io.dssgateway.ops.config.AppConfig;

/** Browser-facing stream settings. */
public record SseConfig(long keepAliveMillis, long retryMillis, int maxQueuedBytes, int maxConnectionsPerUser, int maxFilterValues) {

  public static SseConfig from(AppConfig c) {
    return new SseConfig(c.millis(HubSettings.KEEPALIVE), c.millis(HubSettings.RETRY), c.integer(HubSettings.QUEUE_BYTES),
        c.integer(HubSettings.MAX_CONNECTIONS_PER_USER), c.integer(HubSettings.MAX_FILTER_VALUES));
  }

  /** A retry hint spread over [retry, 2*retry) so a crowd doesn't reconnect at once. */
  public long jitteredRetry() {
    return retryMillis + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, retryMillis));
  }
}
