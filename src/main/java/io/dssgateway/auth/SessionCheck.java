package io.dssgateway.auth;

import io.vertx.core.Future;

/**
 * Whether a gateway session is still live, so the JWT of a logged-out session stops working
 * before it expires. Supplied by whoever owns the sessions; only consulted for credentials that
 * carry a session id (gateway tokens and tickets made from them).
 */
@FunctionalInterface
public interface SessionCheck {

  /** Accepts every session (no server-side sessions to revoke). */
  SessionCheck NONE = sessionId -> Future.succeededFuture(true);

  Future<Boolean> isActive(String sessionId);

  /** Whether the session is live and belongs to {@code subject}; stores that know the subject check it. */
  default Future<Boolean> isActiveFor(String sessionId, String subject) {
    return isActive(sessionId);
  }
}
