package io.dssgateway.sse;

import static io.dssgateway.config.Setting.Kind.INT;
import static io.dssgateway.config.Setting.Kind.MILLIS;

import io.dssgateway.config.Setting;
import java.util.List;

/** The browser-facing stream: keep-alives, retry hints, per-connection and per-user bounds. */
public final class SseSettings {

  public static final Setting KEEPALIVE =
      Setting.of(
          "sse.keepalive-ms",
          MILLIS,
          15000,
          "Interval of `: keep-alive` comments on every open stream (they keep busy streams, whose events go straight to the socket, inside `http.idle-timeout-ms` too)");
  public static final Setting RETRY =
      Setting.of("sse.retry-ms", MILLIS, 3000, "`retry:` sent to browsers on open");
  public static final Setting QUEUE_BYTES =
      Setting.of(
          "sse.max-queued-bytes",
          INT,
          1048576,
          "Unsent bytes allowed per connection before a slow browser is cut off");
  public static final Setting MAX_CONNECTIONS_PER_USER =
      Setting.of(
          "sse.max-connections-per-user",
          INT,
          50,
          "Concurrent SSE connections per user (429 above)");
  public static final Setting MAX_FILTER_VALUES =
      Setting.of(
          "sse.max-filter-values",
          INT,
          100,
          "Values allowed per filter (`oem_model`, `dsn`, `property_name`) in one request");

  public static final List<Setting> ALL =
      List.of(KEEPALIVE, RETRY, QUEUE_BYTES, MAX_CONNECTIONS_PER_USER, MAX_FILTER_VALUES);

  private SseSettings() {}
}
