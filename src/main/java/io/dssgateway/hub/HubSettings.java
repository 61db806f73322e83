package io.dssgateway.hub;

import static io.dssgateway.config.Setting.Kind.INT;
import static io.dssgateway.config.Setting.Kind.LONG;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Shared streams and their replay. */
public final class HubSettings {

  public static final Setting LINGER = Setting.of("hub.linger-ms", MILLIS, 30000,
      "How long an upstream stream stays open after its last browser left");
  public static final Setting REPLAY_EVENTS = Setting.of("hub.replay-events", INT, 10000, "Events kept per stream for `Last-Event-ID` resume");
  public static final Setting REPLAY_BYTES = Setting.of("hub.replay-bytes", LONG, 8388608,
      "Bytes of events kept per stream for resume, beside the count bound (the oldest go first; also the cluster holder's ring)");
  public static final Setting STORE_PATH = Setting.of("hub.store-path", STRING, "data/gateway",
      "Embedded H2 database recording upstream subscriptions (resumed after a restart)");
  public static final Setting OPEN_WAIT = Setting.of("hub.open-timeout-ms", MILLIS, 15000,
      "How long a browser waits for a new upstream stream to open (504 after; the stream lingers if it opens later)");
  public static final List<Setting> ALL = List.of(LINGER, REPLAY_EVENTS, REPLAY_BYTES, STORE_PATH, OPEN_WAIT);

  private HubSettings() {
  }
}
