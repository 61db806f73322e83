package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unredeemed tickets per user, so one user cannot take the whole pool ({@code auth.ticket-max-entries})
 * and lock every other user out: past {@code perUser} that user alone gets 429. An entry goes with the
 * user's last ticket (redeemed or expired), so the map never outgrows the pool.
 */
final class TicketQuota {

  private final int perUser;
  private final Map<String, Integer> held = new ConcurrentHashMap<>();

  TicketQuota(int perUser) {
    this.perUser = perUser;
  }

  /** Takes one of the user's slots; false when they hold {@code perUser} already. */
  boolean tryTake(String subject) {
    boolean[] taken = {false};
    held.compute(
        subject,
        (k, n) -> {
          int count = n == null ? 0 : n;
          if (count >= perUser) {
            return n;
          }
          taken[0] = true;
          return count + 1;
        });
    return taken[0];
  }

  /** Gives a slot back (the ticket was redeemed or expired). */
  /** Drops the tickets of {@code held} expired at {@code now}, giving their places back to their users. */
  void dropExpired(Map<String, Tickets.Held> held, java.time.Instant now) {
    held.values()
        .removeIf(
            h -> {
              boolean expired = !now.isBefore(h.expiresAt());
              if (expired) {
                release(h.principal().subject());
              }
              return expired;
            });
  }

  void release(String subject) {
    held.computeIfPresent(subject, (k, n) -> n <= 1 ? null : n - 1);
  }

  int users() {
    return held.size();
  }

  static HttpError tooManyForUser(Duration ttl) {
    return Tickets.tooManyTickets(
        "Too many unused tickets for this user; use or let them expire first", ttl);
  }
}
