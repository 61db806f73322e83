package io.dssgateway.vertx;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * Promises whose listeners run on the context that created them, whoever completes them. The
 * HTTP server runs in strict thread mode (no write queue per connection), so a response must be
 * written from its connection's event loop even when the answer comes from another verticle.
 */
public final class CallerContext {

  private CallerContext() {}

  /** A promise bound to the current context; a plain one when called outside any context. */
  public static <T> Promise<T> promise() {
    Context current = Vertx.currentContext();
    return current instanceof ContextInternal context ? context.promise() : Promise.promise();
  }

  /** {@code future}, its listeners run on the current context (for a future shared by callers on several loops). */
  public static <T> Future<T> of(Future<T> future) {
    Promise<T> p = promise();
    future.onComplete(p);
    return p.future();
  }
}
