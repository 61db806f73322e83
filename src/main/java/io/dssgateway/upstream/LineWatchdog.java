package io.dssgateway.upstream;

import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One periodic check per stream: a live line with neither heartbeat nor event for two intervals is
 * dead, and an upgrade that neither succeeds nor fails (server accepts TCP, never answers) is abandoned.
 */
final class LineWatchdog {

  private final Vertx vertx;
  private final StreamConfig config;
  private final UpstreamSocket socket;
  private final BooleanSupplier awaitingUpgrade;
  private final Consumer<String> reconnect;
  private long timer = -1;

  /**
   * @param awaitingUpgrade whether the stream is waiting for an upgrade answer
   * @param reconnect called with the reason once the watchdog gave up on a socket
   */
  LineWatchdog(
      Vertx vertx,
      StreamConfig config,
      UpstreamSocket socket,
      BooleanSupplier awaitingUpgrade,
      Consumer<String> reconnect) {
    this.vertx = vertx;
    this.config = config;
    this.socket = socket;
    this.awaitingUpgrade = awaitingUpgrade;
    this.reconnect = reconnect;
  }

  void start() {
    long period = Math.max(10, config.heartbeatIntervalMs() / 2);
    timer = vertx.setPeriodic(period, id -> check());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void check() {
    if (!socket.isLive()) {
      abandonSlowUpgrade();
      return;
    }
    long silentMs = socket.silentMs();
    if (silentMs > config.silenceLimitMs()) {
      socket.closeLive();
      reconnect.accept("no heartbeat or event for " + silentMs + " ms");
    }
  }

  private void abandonSlowUpgrade() {
    long waitingMs = socket.upgradeWaitMs();
    if (awaitingUpgrade.getAsBoolean()
        && waitingMs > config.connectTimeoutMs() + config.silenceLimitMs()) {
      socket.abandonPending();
      reconnect.accept("no answer to the upgrade for " + waitingMs + " ms");
    }
  }
}
