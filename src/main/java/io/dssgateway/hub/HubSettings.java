package io.dssgateway.hub;

import static io.dssgateway.config.Setting.Kind.INT;
import static io.dssgateway.config.Setting.Kind.LONG;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Shared streams and their replay. */
public final class HubSettings {

  public static final Setting LINGER =
      Setting.of(
          "hub.linger-ms",
          MILLIS,
          30000,
          "How long an upstream stream stays open after its last browser left");
  public static final Setting REPLAY_EVENTS =
      Setting.of(
          "hub.replay-events", INT, 10000, "Events kept per stream for `Last-Event-ID` resume");
  public static final Setting REPLAY_BYTES =
      Setting.of(
          "hub.replay-bytes",
          LONG,
          8388608,
          "Bytes the events kept for resume may take per stream, beside the count bound (the oldest go first): each event's JSON and filter fields plus 52 bytes, kept packed (also the cluster holder's ring of bus frames, each frame plus 16 bytes)");
  public static final Setting STORE_PATH =
      Setting.of(
          "hub.store-path",
          STRING,
          "data/gateway",
          "Embedded H2 database recording upstream subscriptions (resumed after a restart)");
  public static final Setting OPEN_WAIT =
      Setting.of(
          "hub.open-timeout-ms",
          MILLIS,
          15000,
          "How long a browser waits for a new upstream stream to open (504 after; the stream lingers if it opens later)");
  public static final Setting MAX_STREAMS_PER_SCOPE =
      Setting.of(
          "hub.max-streams-per-scope",
          INT,
          100,
          "Upstream streams (Ayla subscriptions and DSS sockets, one per event type and filter) one Ayla scope may hold, lingering "
              + "ones included: a user in per-user mode, the service account in service mode; one more is answered 429 "
              + "`too_many_streams` once no lingering stream of the scope can be let go (0 = no bound)");
  public static final Setting MAX_STREAMS =
      Setting.of(
          "hub.max-streams",
          INT,
          2000,
          "Upstream streams the gateway holds in all; one more is answered 503 `streams_exhausted` once no lingering stream can be "
              + "let go (0 = no bound)");
  public static final Setting REPLAY_BUDGET =
      Setting.of(
          "hub.replay-budget-bytes",
          LONG,
          134217728,
          "Heap all replay buffers together may take (each also within `hub.replay-bytes`): past it the oldest events of the "
              + "largest buffers go first, and a resume from before them gets `gap` (0 = no budget)");
  public static final Setting PLAN =
      Setting.oneOf(
          "hub.plan",
          "wide",
          "How browser requests map onto Ayla subscriptions: `wide` serves them from one per event type and model (service "
              + "mode) or one per event type over the user's own devices (per-user mode), routed to each browser by device; "
              + "`exact` buys one per distinct filter",
          "wide",
          "exact");
  public static final Setting STATE_DEVICES =
      Setting.of(
          "hub.state-devices",
          INT,
          10000,
          "Devices whose latest state each stream keeps once a browser asked it for a `snapshot` (the one least recently changed or read "
              + "goes first, and is read from Ayla's device service again when a snapshot needs it)");
  public static final Setting STATE_FILL_DEVICES =
      Setting.of(
          "hub.state-fill-devices",
          INT,
          200,
          "Devices whose properties one snapshot or `GET /api/state` may read from Ayla's device service (those a stream does not "
              + "keep current yet); past it the snapshot says `complete: false` with reason `too_many_devices`");
  public static final List<Setting> ALL =
      List.of(
          PLAN,
          LINGER,
          REPLAY_EVENTS,
          REPLAY_BYTES,
          REPLAY_BUDGET,
          MAX_STREAMS_PER_SCOPE,
          MAX_STREAMS,
          STATE_DEVICES,
          STATE_FILL_DEVICES,
          STORE_PATH,
          OPEN_WAIT);

  private HubSettings() {}
}
