package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived, single-use stream tickets for cross-origin {@code EventSource} pages, which cannot
 * send an Authorization header. A ticket is 256 random bits, URL-safe; it lives for the ticket
 * TTL but never beyond the credential it was issued for. At most {@code maxEntries} are held;
 * expired ones are purged when the store fills up, and a full store refuses new tickets (429).
 * Safe to use from several event loops.
 */
public final class TicketStore {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private record Entry(Principal principal, Instant expiresAt) {
  }

  private final Map<String, Entry> tickets = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;

  public TicketStore(AuthConfig config) {
    this(config.ticketTtl(), config.ticketMaxEntries(), Clock.systemUTC());
  }

  public TicketStore(Duration ttl, int maxEntries, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** A new ticket standing for {@code principal}; 429 {@code too_many_tickets} when the store is full. */
  public String issue(Principal principal) {
    if (tickets.size() >= maxEntries) {
      purgeExpired();
      if (tickets.size() >= maxEntries) {
        throw new HttpError(429, "too_many_tickets", "Too many unused tickets; try again shortly")
            .withHeader("Retry-After", String.valueOf(Math.max(1, ttl.toSeconds())));
      }
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    if (principal.expiresAt() != null && principal.expiresAt().isBefore(expiresAt)) {
      expiresAt = principal.expiresAt();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String ticket = B64URL.encodeToString(bytes);
    tickets.put(ticket, new Entry(principal.withSource(Principal.Source.TICKET), expiresAt));
    return ticket;
  }

  /** The principal behind a ticket, removing it; empty if unknown, used or expired. */
  public Optional<Principal> redeem(String ticket) {
    if (ticket == null) {
      return Optional.empty();
    }
    Entry entry = tickets.remove(ticket);
    if (entry == null || !clock.instant().isBefore(entry.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(entry.principal());
  }

  /** Ticket lifetime (the {@code expires_in} of the tickets response). */
  public Duration ttl() {
    return ttl;
  }

  public int size() {
    return tickets.size();
  }

  /** Drops expired tickets; also safe to call from a periodic timer. */
  public void purgeExpired() {
    Instant now = clock.instant();
    tickets.values().removeIf(e -> !now.isBefore(e.expiresAt()));
  }
}
