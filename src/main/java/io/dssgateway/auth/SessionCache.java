package io.dssgateway.auth;

import io.dssgateway.upstream.AylaSession;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A replica's in-memory copy of the cluster's sessions, so that checking a request needs no remote
 * call: each live session with when its tokens were obtained and when the shared map last confirmed
 * it, plus the ids revoked lately, so a late answer from the shared map cannot bring a logged-out
 * session back. Thread-safe (the HTTP event loops and the event-bus consumer use it at once).
 */
final class SessionCache {

  private record Entry(UserSession session, long tokensObtainedAt, Instant verifiedAt) {}

  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

  Optional<UserSession> get(String id, Instant now) {
    Entry e = id == null ? null : sessions.get(id);
    return e == null || !e.session().liveAt(now) ? Optional.empty() : Optional.of(e.session());
  }

  /** Whether the session is cached, live and was confirmed by the shared map at or after {@code since}. */
  boolean verifiedSince(String id, Instant now, Instant since) {
    Entry e = sessions.get(id);
    return e != null && e.session().liveAt(now) && !e.verifiedAt().isBefore(since);
  }

  void verified(String id, Instant at) {
    sessions.computeIfPresent(id, (k, e) -> new Entry(e.session(), e.tokensObtainedAt(), at));
  }

  /**
   * Adds a session unless its id is cached already or was revoked lately: the cached session (this one
   * or the one already there), empty if revoked or expired.
   */
  Optional<UserSession> add(UserSession session, long tokensObtainedAt, Instant now) {
    if (!session.liveAt(now)) {
      return Optional.empty();
    }
    Entry e =
        sessions.compute(
            session.id(),
            (id, old) ->
                isRevoked(id, now)
                    ? null
                    : old != null ? old : new Entry(session, tokensObtainedAt, now));
    return Optional.ofNullable(e).map(Entry::session);
  }

  /**
   * Records tokens obtained at {@code obtainedAt} if they are newer than the cached ones; true when the
   * caller should adopt them.
   */
  boolean newerTokens(String id, long obtainedAt) {
    boolean[] newer = {false};
    sessions.computeIfPresent(
        id,
        (k, e) -> {
          if (obtainedAt <= e.tokensObtainedAt()) {
            return e;
          }
          newer[0] = true;
          return new Entry(e.session(), obtainedAt, e.verifiedAt());
        });
    return newer[0];
  }

  /**
   * Records tokens this replica just obtained by a refresh: a time after both {@code now} and the cached
   * tokens' (clocks of replicas differ), or -1 when the session is no longer cached (revoked, expired).
   */
  long refreshed(String id, long now) {
    long[] at = {-1};
    sessions.computeIfPresent(
        id,
        (k, e) -> {
          at[0] = Math.max(now, e.tokensObtainedAt() + 1);
          return new Entry(e.session(), at[0], e.verifiedAt());
        });
    return at[0];
  }

  /** Every cached session live at {@code now}. */
  Stream<UserSession> live(Instant now) {
    return sessions.values().stream().map(Entry::session).filter(s -> s.liveAt(now));
  }

  /** The newest live Ayla session of a user. */
  Optional<AylaSession> latestFor(String subject, Instant now) {
    return sessions.values().stream()
        .map(Entry::session)
        .filter(s -> s.subject().equals(subject) && s.liveAt(now))
        .max(Comparator.comparing(UserSession::expiresAt))
        .map(UserSession::ayla);
  }

  /** Forgets a session and refuses to add it again until {@code until}; the session, if it was cached. */
  Optional<UserSession> revoke(String id, Instant until) {
    revoked.merge(id, until, (a, b) -> a.isAfter(b) ? a : b);
    return Optional.ofNullable(sessions.remove(id)).map(Entry::session);
  }

  boolean isRevoked(String id, Instant now) {
    Instant until = revoked.get(id);
    return until != null && until.isAfter(now);
  }

  /** Drops expired sessions and revocations past their time. */
  void expire(Instant now) {
    sessions.values().removeIf(e -> !e.session().liveAt(now));
    revoked.values().removeIf(until -> !until.isAfter(now));
  }

  int size() {
    return sessions.size();
  }
}
