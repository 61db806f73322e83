package io.dssgateway.sim;

import io.dssgateway.config.AppConfig;
import io.dssgateway.config.Catalogue;
import java.util.List;
import java.util.Map;

/** The simulator's typed configuration (see {@link SimSettings} for meanings and defaults). */
public record SimConfig(
    String host,
    int port,
    List<String> accounts,
    long tokenTtlSeconds,
    long heartbeatIntervalMs,
    int heartbeatMisses,
    int retainedEvents,
    long ackDelayMs,
    String devicesFile,
    int maxSockets,
    int maxSubscriptions,
    int writeQueueBytes,
    int maxBodyBytes,
    boolean controlEnabled,
    String controlToken) {

  /** Unanswered heartbeats after which a stream socket is closed, as Ayla does. */
  static final int HEARTBEAT_MISSES = 2;

  /** Unsent bytes a DSS socket may queue before it is closed (1013) as a slow consumer. */
  static final int WRITE_QUEUE_BYTES = 16 * 1024 * 1024;

  public static SimConfig from(AppConfig c) {
    return new SimConfig(
        c.string(SimSettings.HOST),
        c.integer(SimSettings.PORT),
        c.list(SimSettings.ACCOUNTS),
        c.integer(SimSettings.TOKEN_TTL),
        c.millis(SimSettings.HEARTBEAT_INTERVAL),
        HEARTBEAT_MISSES,
        c.integer(SimSettings.RETAINED_EVENTS),
        c.millis(SimSettings.ACK_DELAY),
        c.string(SimSettings.DEVICES_FILE),
        c.integer(SimSettings.MAX_SOCKETS),
        c.integer(SimSettings.MAX_SUBSCRIPTIONS),
        WRITE_QUEUE_BYTES,
        c.integer(SimSettings.MAX_BODY),
        c.bool(SimSettings.CONTROL_ENABLED),
        c.string(SimSettings.CONTROL_TOKEN));
  }

  /** Defaults with some settings replaced, e.g. {@code SimConfig.of(Map.of("sim.port", "0"))}. */
  public static SimConfig of(Map<String, String> settings) {
    return from(AppConfig.of(Catalogue.of(SimSettings.ALL), settings));
  }

  /** The control API is served only when enabled, and on a non-loopback address only behind a token. */
  public boolean controlServed() {
    boolean loopback = "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
    return controlEnabled && (loopback || controlToken != null && !controlToken.isBlank());
  }
}
