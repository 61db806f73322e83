package io.dssgateway.auth;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on sessions per user ({@code auth.max-sessions-per-user}): once a session is created, the
 * user's oldest other sessions past the bound are ended as a logout ends them (the store forgets
 * them, their streams end, their Ayla sessions are signed out), so signing in again and again cannot
 * pile up sessions and Ayla sign-ins.
 */
final class SessionLimit {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLimit.class);

  /** Oldest first; the id orders sessions created in the same millisecond. */
  static final Comparator<UserSession> OLDEST_FIRST =
      Comparator.comparing(UserSession::expiresAt).thenComparing(UserSession::id);

  private SessionLimit() {}

  /** Ends the oldest sessions of {@code created}'s user, other than it, that leave more than {@code max} in all. */
  static void endOldest(SessionStore store, UserSession created, int max) {
    List<UserSession> others =
        store.sessionsOf(created.subject()).stream()
            .filter(s -> !s.id().equals(created.id()))
            .toList();
    int excess = others.size() + 1 - max;
    if (excess <= 0) {
      return;
    }
    LOG.debug(
        "A sign-in past the {} session(s) allowed per user: ending that user's {} oldest",
        max,
        excess);
    others.stream()
        .limit(excess)
        .forEach(
            s ->
                store
                    .end(s.id())
                    .onFailure(
                        err ->
                            LOG.warn(
                                "Could not end a session past the bound per user: {}",
                                err.toString())));
  }

  /** The sessions of {@code all} that belong to {@code subject}, oldest first. */
  static List<UserSession> of(Stream<UserSession> all, String subject) {
    return all.filter(s -> s.subject().equals(subject)).sorted(OLDEST_FIRST).toList();
  }
}
