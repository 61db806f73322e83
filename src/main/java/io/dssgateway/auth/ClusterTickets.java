package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tickets shared by every replica: kept in the cluster-wide map {@value #MAP} under the hash of
 * the ticket, with the ticket's TTL, and redeemed with the map's atomic {@code remove}, so a
 * ticket issued by one replica works once, on any. The 429 bound applies per replica: at most
 * {@code maxEntries} tickets issued here and not yet expired (or redeemed here), and at most
 * {@code auth.ticket-max-per-user} of them for one user.
 */
public final class ClusterTickets implements StreamTickets {

  static final String MAP = "dss.auth.tickets";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTickets.class);

  private final Future<AsyncMap<String, String>> map;
  private final Map<String, Tickets.Held> issuedHere = new ConcurrentHashMap<>();
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final TicketQuota quota;

  public ClusterTickets(Vertx vertx, AuthConfig config) {
    this(
        vertx,
        config.ticketTtl(),
        config.ticketMaxEntries(),
        config.ticketMaxPerUser(),
        Clock.systemUTC());
  }

  ClusterTickets(Vertx vertx, Duration ttl, int maxEntries, Clock clock) {
    this(vertx, ttl, maxEntries, maxEntries, clock);
  }

  ClusterTickets(Vertx vertx, Duration ttl, int maxEntries, int maxPerUser, Clock clock) {
    this.quota = new TicketQuota(maxPerUser);
    this.map =
        vertx
            .sharedData()
            .getAsyncMap(
                MAP); // cluster-wide on a clustered Vert.x, the only one the wiring gives this
    // class
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public Future<String> issue(Principal principal) {
    HttpError refused =
        Tickets.refusal(
            issuedHere, maxEntries, this::purgeExpired, quota, principal.subject(), ttl);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    Instant now = clock.instant();
    Instant expiresAt = Tickets.expiry(principal, now, ttl);
    String ticket = Tickets.newTicket();
    String key = Tickets.key(ticket);
    long ttlMillis = Math.max(1, expiresAt.toEpochMilli() - now.toEpochMilli());
    issuedHere.put(key, new Tickets.Held(principal, expiresAt));
    return CallerContext.of(map)
        .compose(m -> m.put(key, Tickets.encode(principal, expiresAt), ttlMillis))
        .map(ticket)
        .recover(
            err -> {
              forget(key);
              return unavailable(err);
            });
  }

  @Override
  public Future<Principal> redeem(String ticket) {
    if (!Tickets.wellFormed(ticket)) {
      return Future.failedFuture(AuthErrors.invalidTicket());
    }
    String key = Tickets.key(ticket);
    forget(key);
    return CallerContext.of(map)
        .compose(m -> m.remove(key))
        .recover(ClusterTickets::unavailable)
        .compose(this::unexpired);
  }

  private Future<Principal> unexpired(String json) {
    Tickets.Held held;
    try {
      held = json == null ? null : Tickets.decode(json);
    } catch (RuntimeException e) {
      LOG.warn("Refused a ticket whose shared record is unreadable: {}", e.getMessage());
      held = null;
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

  @Override
  public void purgeExpired() {
    quota.dropExpired(issuedHere, clock.instant());
  }

  private void forget(String key) {
    Tickets.Held held = issuedHere.remove(key);
    if (held != null) {
      quota.release(held.principal().subject());
    }
  }

  private static <T> Future<T> unavailable(Throwable err) {
    LOG.warn("The cluster's ticket map is not reachable: {}", err.toString());
    return Future.failedFuture(AuthErrors.sharedStateUnavailable());
  }
}
