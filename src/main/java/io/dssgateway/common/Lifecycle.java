package io.dssgateway.common;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A part of the gateway that starts and stops as one unit. Parts start in order, each once the one
 * before it is up, and stop in reverse; a stop that fails or hangs is logged and the rest still stop.
 */
public interface Lifecycle {

  Future<Void> start();

  Future<Void> stop();

  /** Starts each in order; fails with the first failure (those started stay up: stop them all). */
  static Future<Void> startAll(List<? extends Lifecycle> parts) {
    Future<Void> chain = Future.succeededFuture();
    for (Lifecycle part : parts) {
      chain = chain.compose(v -> part.start());
    }
    return chain;
  }

  /** Stops each in reverse order, every one of them, however the others went, each within {@code seconds}. */
  static Future<Void> stopAll(List<? extends Lifecycle> parts, long seconds) {
    Logger log = LoggerFactory.getLogger(Lifecycle.class);
    Future<Void> chain = Future.succeededFuture();
    for (int i = parts.size() - 1; i >= 0; i--) {
      Lifecycle part = parts.get(i);
      chain =
          chain.eventually(
              () ->
                  part.stop()
                      .timeout(seconds, TimeUnit.SECONDS)
                      .onFailure(
                          err ->
                              log.warn(
                                  "Stopping {} failed: {}",
                                  part.getClass().getSimpleName(),
                                  err.toString()))
                      .recover(err -> Future.succeededFuture()));
    }
    return chain;
  }
}
