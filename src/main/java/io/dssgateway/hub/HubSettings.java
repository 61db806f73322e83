package io.dssgateway.hub;

import static io.dssgateway.ops.config.Setting.Kind.INT;
import static io.dssgateway.ops.config.Setting.Kind.MILLIS;
import static io.dssgateway.ops.config.Setting.Kind.STRING;

import io.dssgateway.ops.config.Setting;
import java.util.List;

/** Shared streams, replay and the browser-facing SSE limits. */
public final class HubSettings {

  public static final Setting LINGER = Setting.of("hub.linger-ms", MILLIS, 30000,
      "How long an upstream stream stays open after its last browser left");
  public static final Setting REPLAY_EVENTS = Setting.of("hub.replay-events", INT, 10000, "Events kept per stream for `Last-Event-ID` resume");
  public static final Setting STORE_PATH = Setting.of("hub.store-path", STRING, "data/gateway",
      "Embedded H2 database recording upstream subscriptions (resumed after a restart)");
  public static final Setting OPEN_WAIT = Setting.of("hub.open-timeout-ms", MILLIS, 15000,
      "How long a browser waits for a new upstream stream to open (504 after; the stream lingers if it opens later)");
  public static final Setting KEEPALIVE = Setting.of("sse.keepalive-ms", MILLIS, 15000, "Interval of `: keep-alive` comments on idle streams");
  public static final Setting RETRY = Setting.of("sse.retry-ms", MILLIS, 3000, "`retry:` sent to browsers on open");
  public static final Setting QUEUE_BYTES = Setting.of("sse.max-queued-bytes", INT, 1048576,
      "Unsent bytes allowed per connection before a slow browser is cut off");
  public static final Setting MAX_CONNECTIONS_PER_USER = Setting.of("sse.max-connections-per-user", INT, 50,
      "Concurrent SSE connections per user (429 above)");
  public static final Setting MAX_FILTER_VALUES = Setting.of("sse.max-filter-values", INT, 100,
      "Values allowed per filter (`oem_model`, `dsn`, `property_name`) in one request");

  public static final List<Setting> ALL = List.of(LINGER, REPLAY_EVENTS, STORE_PATH, OPEN_WAIT, KEEPALIVE, RETRY, QUEUE_BYTES,
      MAX_CONNECTIONS_PER_USER, MAX_FILTER_VALUES);

  private HubSettings() {
  }
}
