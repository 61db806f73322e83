package io.dssgateway.auth;

import io.dssgateway.upstream.AylaSession;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where signed-in sessions live: {@link UserSessions} (this process, persisted in the embedded
 * database) or {@link ClusterSessions} (shared by every replica of a cluster). The wiring picks one.
 * {@link #get} and {@link #latestFor} answer from memory; {@link #isActive}, which the credential
 * handler calls first on every request, may look further (and load what it finds).
 */
public interface SessionStore extends SessionCheck {

  /**
   * Live, and the session of {@code subject}: a token naming one user with another user's session id
   * (only a holder of the signing key can make one) is refused.
   */
  @Override
  default Future<Boolean> isActiveFor(String sessionId, String subject) {
    return isActive(sessionId)
        .map(
            active ->
                active
                    && (sessionId == null
                        || get(sessionId).map(s -> s.subject().equals(subject)).orElse(false)));
  }

  /** Loads the sessions already known (from the database, or the cluster); the number loaded. */
  Future<Integer> init();

  /** A new session; past the store's bound on sessions per user, that user's oldest ones are ended ({@link SessionLimit}). */
  Future<UserSession> create(String subject, AylaSession ayla, Instant expiresAt);

  Optional<UserSession> get(String id);

  /**
   * The live sessions of a user this store knows of, oldest first: every session lives as long, so
   * the oldest is the first to expire.
   */
  List<UserSession> sessionsOf(String subject);

  /** The newest live Ayla session of a user, to create their upstream subscriptions with. */
  Optional<AylaSession> latestFor(String subject);

  /** Ends a session everywhere; its Ayla session is signed out (best effort). */
  Future<Void> end(String id);

  /**
   * Calls {@code listener} with the id of each session that ends: signed out here, revoked on another
   * replica, or found expired. Lets the stream side end that session's open streams without depending on auth.
   */
  void onEnded(Consumer<String> listener);

  /** Periodic upkeep (every second): saves refreshed tokens, forgets expired sessions. */
  Future<Void> checkpoint();

  /** Stops listening for changes; the sessions stay where they are stored. */
  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
