package io.dssgateway.vertx;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/** Event-loop contexts for work that should not share one loop: each call takes the next loop in turn. */
public final class EventLoops {

  private EventLoops() {}

  public static Context next(Vertx vertx) {
    return ((VertxInternal) vertx).createEventLoopContext();
  }
}
