package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tickets of a single gateway process, in memory. A ticket lives for the ticket TTL but never
 * beyond the credential it was issued for. At most {@code maxEntries} are held; expired ones are
 * purged when the store fills up, and a full store refuses new tickets (429), as does a user holding
 * {@code auth.ticket-max-per-user} unredeemed ones (to that user only). Safe to use from
 * several event loops.
 */
public final class TicketStore implements StreamTickets {

  private final Map<String, Tickets.Held> tickets = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final TicketQuota quota;

  public TicketStore(AuthConfig config) {
    this(
        config.ticketTtl(),
        config.ticketMaxEntries(),
        config.ticketMaxPerUser(),
        Clock.systemUTC());
  }

  public TicketStore(Duration ttl, int maxEntries, Clock clock) {
    this(ttl, maxEntries, maxEntries, clock);
  }

  public TicketStore(Duration ttl, int maxEntries, int maxPerUser, Clock clock) {
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.quota = new TicketQuota(maxPerUser);
  }

  @Override
  public Future<String> issue(Principal principal) {
    HttpError refused =
        Tickets.refusal(tickets, maxEntries, this::purgeExpired, quota, principal.subject(), ttl);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    String ticket = Tickets.newTicket();
    Instant expiresAt = Tickets.expiry(principal, clock.instant(), ttl);
    tickets.put(ticket, new Tickets.Held(principal.withSource(Principal.Source.TICKET), expiresAt));
    return Future.succeededFuture(ticket);
  }

  @Override
  public Future<Principal> redeem(String ticket) {
    Tickets.Held held = ticket == null ? null : tickets.remove(ticket);
    if (held != null) {
      quota.release(held.principal().subject());
    }
    if (held == null || !clock.instant().isBefore(held.expiresAt())) {
      return Future.failedFuture(AuthErrors.invalidTicket());
    }
    return Future.succeededFuture(held.principal());
  }

  @Override
  public Duration ttl() {
    return ttl;
  }

  public int size() {
    return tickets.size();
  }

  @Override
  public void purgeExpired() {
    quota.dropExpired(tickets, clock.instant());
  }
}
