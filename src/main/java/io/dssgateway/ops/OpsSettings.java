package io.dssgateway.ops;

import static io.dssgateway.config.Setting.Kind.BOOL;
import static io.dssgateway.config.Setting.Kind.INT;
import static io.dssgateway.config.Setting.Kind.LIST;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.PORT;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Process-level settings: what runs, where it listens, logs, probes, shutdown. */
public final class OpsSettings {

  public static final Setting ROLE =
      Setting.oneOf(
          "role",
          "all",
          "What this process runs: `all` (gateway + embedded simulator), `gateway`, or `simulator`",
          "all",
          "gateway",
          "simulator");
  public static final Setting HTTP_HOST =
      Setting.of("http.host", STRING, "0.0.0.0", "Gateway listen address");
  public static final Setting HTTP_PORT =
      Setting.of("http.port", PORT, 8080, "Gateway HTTP port (0 = any free port)");
  public static final Setting METRICS_PORT =
      Setting.of(
          "metrics.port",
          PORT,
          0,
          "Port of a listener of its own for `GET /metrics` (on `http.host`), which then leaves the gateway's port; "
              + "expose it to Prometheus only, never through the Ingress (0 = `/metrics` on `http.port`, as the demo has it)");
  public static final Setting HTTP_MAX_BODY =
      Setting.of(
          "http.max-body-bytes",
          INT,
          65536,
          "Largest request body the gateway accepts (413 above)");
  public static final Setting CORS_ORIGINS =
      Setting.of(
          "http.cors-origins",
          LIST,
          "",
          "Comma-separated origins allowed to call the API cross-origin (empty = same origin only)");
  public static final Setting HTTP_BODY_TIMEOUT =
      Setting.of(
          "http.body-timeout-ms",
          MILLIS,
          30000,
          "A request body must end within this time of its head, else 408 `request_timeout` and the connection is closed (0 = no limit)");
  public static final Setting HTTP_IDLE_TIMEOUT =
      Setting.of(
          "http.idle-timeout-ms",
          MILLIS,
          60000,
          "A connection silent this long (nothing sent either way: no bytes of a request head, body or next request) is "
              + "closed, and so is a kept-alive one whose next request head has not arrived by then; must exceed "
              + "`sse.keepalive-ms`, whose comments keep open SSE streams alive (0 = no limit)");
  public static final Setting HTTP_MAX_CONNECTIONS_PER_ADDRESS =
      Setting.of(
          "http.max-connections-per-address",
          INT,
          1000,
          "Open connections one client address may hold; a request on one more is answered 429 `too_many_connections` "
              + "and its connection closed (0 = no cap; behind a proxy every client has the proxy's address: cap there, 0 here)");
  public static final Setting HTTP_WARMUP_REQUESTS =
      Setting.of(
          "http.warmup-requests",
          INT,
          0,
          "Requests the gateway sends itself over loopback before it listens, along a browser's way into a stream: a new "
              + "connection, HTTP parsing, routing, the token's signature check and the query check, each ending in a 422 "
              + "(nothing reaches Ayla or the hub; not in the access log nor in Vert.x's HTTP metrics). A crowd arriving "
              + "just after a start then meets compiled code (measured in docs/benchmarks.md). At most 20 s; "
              + "0 = none (the shipped conf/application.yaml sets 3000)");
  public static final Setting WEBROOT =
      Setting.of(
          "http.webroot", STRING, "webroot", "Directory of the static demo page served at `/`");
  public static final Setting LOG_FORMAT =
      Setting.oneOf(
          "log.format",
          "text",
          "`text` or `json` (one JSON object per line); read by logback at start",
          "text",
          "json");
  public static final Setting ACCESS_LOG =
      Setting.of(
          "log.access",
          BOOL,
          true,
          "Write an access log line per request (logger `access`; credentials in the query redacted)");
  public static final Setting HEALTH_TIMEOUT =
      Setting.of(
          "health.check-timeout-ms",
          MILLIS,
          2000,
          "Time each readiness check may take before `/health/ready` reports it DOWN");
  public static final Setting SHUTDOWN_GRACE =
      Setting.of(
          "shutdown.grace-ms",
          MILLIS,
          10000,
          "On SIGTERM: time to drain SSE streams and close upstream sockets before the process exits "
              + "(keep the Kubernetes `terminationGracePeriodSeconds` above it plus the `preStop` delay)");

  public static final Setting SECRETS_KEY =
      Setting.secret(
          "secrets.key",
          "Base64 of 32 random bytes, the same on every replica: encrypts secrets (Ayla tokens, stream keys) in shared "
              + "cluster state and at rest in the store (AES-256-GCM); required when `cluster.enabled`; unset on a single node, a key is "
              + "generated into the store's directory (`secrets.key`, owner-only) and the log says so");

  public static final List<Setting> ALL =
      List.of(
          ROLE,
          HTTP_HOST,
          HTTP_PORT,
          METRICS_PORT,
          HTTP_MAX_BODY,
          CORS_ORIGINS,
          HTTP_BODY_TIMEOUT,
          HTTP_IDLE_TIMEOUT,
          HTTP_MAX_CONNECTIONS_PER_ADDRESS,
          HTTP_WARMUP_REQUESTS,
          WEBROOT,
          LOG_FORMAT,
          ACCESS_LOG,
          HEALTH_TIMEOUT,
          SHUTDOWN_GRACE,
          SECRETS_KEY);

  private OpsSettings() {}
}
