package io.dssgateway.upstream;

import io.dssgateway.config.AppConfig;

/**
 * How an {@link UpstreamStream} heals: the expected heartbeat interval (a socket silent for more
 * than two is reconnected), the reconnect backoff (exponential from {@code backoffInitialMs},
 * capped at {@code backoffMaxMs}, full jitter below) and the WebSocket open timeout.
 */
public record StreamConfig(
    long heartbeatIntervalMs, long backoffInitialMs, long backoffMaxMs, long connectTimeoutMs) {

  public StreamConfig {
    if (heartbeatIntervalMs <= 0
        || backoffInitialMs <= 0
        || backoffMaxMs < backoffInitialMs
        || connectTimeoutMs <= 0) {
      throw new IllegalArgumentException(
          "invalid stream config "
              + heartbeatIntervalMs
              + "/"
              + backoffInitialMs
              + "/"
              + backoffMaxMs
              + "/"
              + connectTimeoutMs);
    }
  }

  public static StreamConfig from(AppConfig c) {
    return new StreamConfig(
        c.millis(UpstreamSettings.HEARTBEAT_INTERVAL),
        c.millis(UpstreamSettings.BACKOFF_INITIAL),
        c.millis(UpstreamSettings.BACKOFF_MAX),
        c.millis(UpstreamSettings.CONNECT_TIMEOUT));
  }

  /** The line is dead when nothing (event or heartbeat) arrived for longer than this. */
  public long silenceLimitMs() {
    return 2 * heartbeatIntervalMs;
  }

  /** Full jitter: a uniformly random delay in [0, min(cap, initial * 2^attempt)]. */
  public long backoffMs(int attempt, double random) {
    long ceiling = backoffMaxMs;
    if (attempt < 30) {
      ceiling = Math.min(backoffMaxMs, backoffInitialMs << attempt);
    }
    return (long) (random * (ceiling + 1));
  }
}
