package io.dssgateway.sse;

import io.dssgateway.config.AppConfig;

/** Browser-facing stream settings. */
public record SseConfig(
    long keepAliveMillis,
    long retryMillis,
    int maxQueuedBytes,
    int maxConnectionsPerUser,
    int maxFilterValues) {

  public static SseConfig from(AppConfig c) {
    return new SseConfig(
        c.millis(SseSettings.KEEPALIVE),
        c.millis(SseSettings.RETRY),
        c.integer(SseSettings.QUEUE_BYTES),
        c.integer(SseSettings.MAX_CONNECTIONS_PER_USER),
        c.integer(SseSettings.MAX_FILTER_VALUES));
  }

  /** A retry hint spread over [retry, 2*retry) so a crowd doesn't reconnect at once. */
  public long jitteredRetry() {
    return retryMillis
        + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.max(1, retryMillis));
  }
}
