package io.dssgateway.ops;

import io.vertx.core.Future;

/**
 * Something that must wind down before the process exits: the SSE registry ends each stream with
 * a jittered {@code retry:} hint spread over the budget; upstream streams close their sockets
 * WITHOUT deleting subscriptions (another replica, or this one after a restart, resumes them).
 */
@FunctionalInterface
public interface Drainable {

  /** Completes when drained; should finish within {@code graceMillis} (it is abandoned after). */
  Future<Void> drain(long graceMillis);
}
