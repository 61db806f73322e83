package io.dssgateway.sim;

import static io.dssgateway.config.Setting.Kind.BOOL;
import static io.dssgateway.config.Setting.Kind.INT;
import static io.dssgateway.config.Setting.Kind.LIST;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Settings of the simulated Ayla cloud. */
public final class SimSettings {

  public static final Setting HOST =
      Setting.of("sim.host", STRING, "127.0.0.1", "Simulator listen address");
  public static final Setting PORT =
      Setting.of("sim.port", INT, 8090, "Simulator HTTP/WebSocket port (0 = any free port)");
  public static final Setting ACCOUNTS =
      Setting.of(
          "sim.accounts",
          LIST,
          "demo@example.com:demo1234",
          "Simulated Ayla users as `email:password`, comma-separated (DEV ONLY)");
  public static final Setting TOKEN_TTL =
      Setting.of("sim.token-ttl-seconds", INT, 86400, "Lifetime of simulated Ayla access tokens");
  public static final Setting HEARTBEAT_INTERVAL =
      Setting.of(
          "sim.heartbeat-interval-ms",
          MILLIS,
          30000,
          "Interval of DSS heartbeats (`1|Z`) on every stream socket");
  public static final Setting RETAINED_EVENTS =
      Setting.of(
          "sim.retained-events",
          INT,
          10000,
          "Events retained per subscription for `seq_start` replay");
  public static final Setting ACK_DELAY =
      Setting.of(
          "sim.ack-delay-ms",
          MILLIS,
          250,
          "Delay before a virtual device acknowledges a to-device property (datapointack)");
  public static final Setting DEVICES_FILE =
      Setting.of("sim.devices-file", STRING, null, "Optional JSON file with more virtual devices");
  public static final Setting MAX_SOCKETS =
      Setting.of("sim.max-sockets", INT, 10000, "Open DSS sockets the simulator accepts at once");
  public static final Setting MAX_SUBSCRIPTIONS =
      Setting.of(
          "sim.max-subscriptions",
          INT,
          10000,
          "Subscriptions the simulator holds at once (429 above)");
  public static final Setting MAX_BODY =
      Setting.of("sim.max-body-bytes", INT, 1048576, "Largest request body the simulator accepts");
  public static final Setting CONTROL_ENABLED =
      Setting.of(
          "sim.control-enabled",
          BOOL,
          true,
          "Expose the `/sim/` control API (tests, demo, benchmarks); on a non-loopback host only with `sim.control-token`");
  public static final Setting CONTROL_TOKEN =
      Setting.secret(
          "sim.control-token", "When set, `/sim/` calls need `Authorization: Bearer <token>`");

  public static final List<Setting> ALL =
      List.of(
          HOST,
          PORT,
          ACCOUNTS,
          TOKEN_TTL,
          HEARTBEAT_INTERVAL,
          RETAINED_EVENTS,
          ACK_DELAY,
          DEVICES_FILE,
          MAX_SOCKETS,
          MAX_SUBSCRIPTIONS,
          MAX_BODY,
          CONTROL_ENABLED,
          CONTROL_TOKEN);

  private SimSettings() {}
}
