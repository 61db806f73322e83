package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.common.HttpError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Tickets: single use, TTL on an injected clock, bounded, never outliving their credential. */
class TicketStoreTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final TicketStore store = new TicketStore(Duration.ofSeconds(30), 3, clock);

  private Principal user(Instant expiresAt) {
    return Principal.unrestricted("u1", "s1", expiresAt, Principal.Source.GATEWAY);
  }

  @Test
  void ticketIsRedeemedOnceAsTicketSource() {
    String ticket = store.issue(user(clock.now.plusSeconds(3600)));
    assertThat(ticket).matches("[A-Za-z0-9_-]{43}");
    assertThat(store.redeem(ticket)).hasValueSatisfying(p -> {
      assertThat(p.subject()).isEqualTo("u1");
      assertThat(p.source()).isEqualTo(Principal.Source.TICKET);
    });
    assertThat(store.redeem(ticket)).isEmpty();
  }

  @Test
  void ticketExpiresAfterItsTtl() {
    String ticket = store.issue(user(clock.now.plusSeconds(3600)));
    clock.now = clock.now.plusSeconds(30);
    assertThat(store.redeem(ticket)).isEmpty();
  }

  @Test
  void ticketNeverOutlivesTheCredentialItWasMadeFrom() {
    String ticket = store.issue(user(clock.now.plusSeconds(5)));
    clock.now = clock.now.plusSeconds(6);
    assertThat(store.redeem(ticket)).isEmpty();
  }

  @Test
  void unknownTicketIsRefused() {
    assertThat(store.redeem("nope")).isEmpty();
    assertThat(store.redeem(null)).isEmpty();
  }

  @Test
  void fullStoreRefusesNewTicketsUntilOldOnesExpire() {
    for (int i = 0; i < 3; i++) {
      store.issue(user(clock.now.plusSeconds(3600)));
    }
    assertThatThrownBy(() -> store.issue(user(clock.now.plusSeconds(3600))))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(429));
    clock.now = clock.now.plusSeconds(31);
    store.issue(user(clock.now.plusSeconds(3600)));
    assertThat(store.size()).isEqualTo(1);
  }
}
