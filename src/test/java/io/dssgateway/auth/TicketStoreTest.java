package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.HttpError;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tickets: single use, TTL on an injected clock, bounded, never outliving their credential. */
class TicketStoreTest {

  private final ManualClock clock = new ManualClock();
  private final TicketStore store = new TicketStore(Duration.ofSeconds(30), 3, clock);

  private String issue(Principal p) {
    return store.issue(p).result();
  }

  private void assertRefused(String ticket) {
    assertThat(store.redeem(ticket).cause())
        .isInstanceOfSatisfying(
            HttpError.class, e -> assertThat(e.code()).isEqualTo("invalid_ticket"));
  }

  private Principal user(Instant expiresAt) {
    return Principal.unrestricted("u1", "s1", expiresAt, Principal.Source.GATEWAY);
  }

  @Test
  void ticketIsRedeemedOnceAsTicketSource() {
    String ticket = issue(user(clock.now.plusSeconds(3600)));
    assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
    assertThat(store.redeem(ticket).result())
        .satisfies(
            p -> {
              assertThat(p.subject()).isEqualTo("u1");
              assertThat(p.source()).isEqualTo(Principal.Source.TICKET);
            });
    assertRefused(ticket);
  }

  @Test
  void ticketExpiresAfterItsTtl() {
    String ticket = issue(user(clock.now.plusSeconds(3600)));
    clock.now = clock.now.plusSeconds(30);
    assertRefused(ticket);
  }

  @Test
  void ticketNeverOutlivesTheCredentialItWasMadeFrom() {
    String ticket = issue(user(clock.now.plusSeconds(5)));
    clock.now = clock.now.plusSeconds(6);
    assertRefused(ticket);
  }

  @Test
  void unknownTicketIsRefused() {
    assertRefused("nope");
    assertRefused(null);
  }

  @Test
  void fullStoreRefusesNewTicketsUntilOldOnesExpire() {
    for (int i = 0; i < 3; i++) {
      issue(user(clock.now.plusSeconds(3600)));
    }
    assertThat(store.issue(user(clock.now.plusSeconds(3600))).cause())
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(429));
    clock.now = clock.now.plusSeconds(31);
    issue(user(clock.now.plusSeconds(3600)));
    assertThat(store.size()).isEqualTo(1);
  }
}
