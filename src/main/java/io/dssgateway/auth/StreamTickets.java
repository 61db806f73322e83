package io.dssgateway.auth;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Short-lived, single-use stream tickets for cross-origin {@code EventSource} pages, which cannot
 * send an Authorization header: {@link TicketStore} in this process, or {@link ClusterTickets}
 * shared by every replica (a ticket issued by one is redeemable once, on any). The wiring picks one.
 */
public interface StreamTickets {

  /** A new ticket standing for {@code principal}; fails with 429 {@code too_many_tickets} when too many are outstanding. */
  Future<String> issue(Principal principal);

  /** The principal behind a ticket, used up; fails with 401 {@code invalid_ticket} if unknown, used or expired. */
  Future<Principal> redeem(String ticket);

  /** Ticket lifetime (the {@code expires_in} of the tickets response). */
  Duration ttl();

  /** Drops expired bookkeeping; called from a periodic timer. */
  void purgeExpired();
}
