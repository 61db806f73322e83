package io.dssgateway.upstream;

import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Where Ayla is and how upstream streams heal. Empty URLs mean the embedded simulator. */
public final class UpstreamSettings {

  public static final Setting REGION =
      Setting.of(
          "ayla.region",
          STRING,
          null,
          "Ayla region `us`, `eu` or `cn` (with `ayla.deployment`); unset = explicit URLs or the embedded simulator");
  public static final Setting DEPLOYMENT =
      Setting.of(
          "ayla.deployment", STRING, "field", "Ayla deployment: `dev`, `field` or `staging`");
  public static final Setting CLIENT_TYPE =
      Setting.of("ayla.client-type", STRING, "cloud", "DSS client type: `cloud` or `mobile`");
  public static final Setting USER_URL =
      Setting.of("ayla.user-url", STRING, null, "Ayla user service base URL (overrides region)");
  public static final Setting ADS_URL =
      Setting.of("ayla.ads-url", STRING, null, "Ayla device service base URL (overrides region)");
  public static final Setting DSS_URL =
      Setting.of("ayla.dss-url", STRING, null, "DSS REST base URL (overrides region)");
  public static final Setting DSS_WS_URL =
      Setting.of(
          "ayla.dss-ws-url",
          STRING,
          null,
          "DSS WebSocket URL, e.g. `wss://host/stream` (overrides region)");
  public static final Setting APP_ID =
      Setting.of("ayla.app-id", STRING, "dss-gateway-demo", "Ayla application id used to sign in");
  public static final Setting APP_SECRET =
      new Setting(
          "ayla.app-secret",
          Setting.Kind.STRING,
          "dev-only-app-secret",
          "Ayla application secret (the default works only with the simulator)",
          true);
  public static final Setting BACKOFF_INITIAL =
      Setting.of("upstream.backoff-initial-ms", MILLIS, 250, "First reconnect backoff");
  public static final Setting BACKOFF_MAX =
      Setting.of(
          "upstream.backoff-max-ms", MILLIS, 30000, "Reconnect backoff cap (full jitter below it)");
  public static final Setting HEARTBEAT_INTERVAL =
      Setting.of(
          "upstream.heartbeat-interval-ms",
          MILLIS,
          30000,
          "Expected DSS heartbeat interval; a socket silent for two intervals is reconnected");

  public static final Setting CONNECT_TIMEOUT =
      Setting.of(
          "upstream.connect-timeout-ms",
          MILLIS,
          10000,
          "Time allowed to open a DSS WebSocket (TCP + TLS + upgrade) before it counts as failed");
  public static final Setting REQUEST_TIMEOUT =
      Setting.of(
          "ayla.request-timeout-ms",
          MILLIS,
          10000,
          "Time allowed for one Ayla REST call (sign-in, subscriptions, device service)");

  public static final List<Setting> ALL =
      List.of(
          REGION,
          DEPLOYMENT,
          CLIENT_TYPE,
          USER_URL,
          ADS_URL,
          DSS_URL,
          DSS_WS_URL,
          APP_ID,
          APP_SECRET,
          BACKOFF_INITIAL,
          BACKOFF_MAX,
          HEARTBEAT_INTERVAL,
          CONNECT_TIMEOUT,
          REQUEST_TIMEOUT);

  private UpstreamSettings() {}
}
