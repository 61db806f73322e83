package io.dssgateway.upstream;

import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;

/** The reconnect delay (exponential, full jitter, capped by {@link StreamConfig}) and its one timer. */
final class ReconnectBackoff {

  private final Vertx vertx;
  private final StreamConfig config;
  private int attempt;
  private long timer = -1;

  ReconnectBackoff(Vertx vertx, StreamConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** The delay before the next attempt; each call lengthens the following one until {@link #reset}. */
  long nextDelayMs() {
    long delay = Math.max(1, config.backoffMs(attempt, ThreadLocalRandom.current().nextDouble()));
    attempt = Math.min(attempt + 1, 62);
    return delay;
  }

  void reset() {
    attempt = 0;
  }

  void schedule(long delayMs, Runnable retry) {
    timer =
        vertx.setTimer(
            delayMs,
            id -> {
              timer = -1;
              retry.run();
            });
  }

  void cancel() {
    vertx.cancelTimer(timer);
  }
}
