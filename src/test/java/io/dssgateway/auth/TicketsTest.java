package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a ticket is kept in the cluster's map: under its hash, the principal round-trips as a ticket principal. */
class TicketsTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void principalRoundTripsAsATicketPrincipal() {
    Principal p =
        new Principal(
            "u1",
            "sid-1",
            NOW.plusSeconds(600),
            Set.of("ledevb"),
            Set.of("AC1", "AC2"),
            Principal.Source.GATEWAY);
    Tickets.Held held = Tickets.decode(Tickets.encode(p, NOW.plusSeconds(30)));
    assertThat(held.expiresAt()).isEqualTo(NOW.plusSeconds(30));
    assertThat(held.principal()).isEqualTo(p.withSource(Principal.Source.TICKET));
  }

  @Test
  void unrestrictedPrincipalStaysUnrestricted() {
    Principal p = Principal.unrestricted("u1", null, null, Principal.Source.EXTERNAL);
    Principal back = Tickets.decode(Tickets.encode(p, NOW)).principal();
    assertThat(back.unrestricted()).isTrue();
    assertThat(back.sessionId()).isNull();
    assertThat(back.expiresAt()).isNull();
  }

  @Test
  void theMapKeyIsAHashNotTheTicket() {
    String ticket = Tickets.newTicket();
    assertThat(Tickets.wellFormed(ticket)).isTrue();
    assertThat(Tickets.key(ticket)).isNotEqualTo(ticket).isEqualTo(Tickets.key(ticket)).hasSize(43);
    assertThat(Tickets.key(Tickets.newTicket())).isNotEqualTo(Tickets.key(ticket));
  }

  @Test
  void malformedTicketsAreRecognised() {
    assertThat(Tickets.wellFormed(null)).isFalse();
    assertThat(Tickets.wellFormed("nope")).isFalse();
    assertThat(Tickets.wellFormed("a".repeat(43) + "'")).isFalse();
  }

  @Test
  void expiryNeverOutlivesTheCredential() {
    Principal soon = Principal.unrestricted("u", "s", NOW.plusSeconds(5), Principal.Source.GATEWAY);
    assertThat(Tickets.expiry(soon, NOW, Duration.ofSeconds(30))).isEqualTo(NOW.plusSeconds(5));
    Principal later =
        Principal.unrestricted("u", "s", NOW.plusSeconds(500), Principal.Source.GATEWAY);
    assertThat(Tickets.expiry(later, NOW, Duration.ofSeconds(30))).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void aRecordWithoutSubjectIsRefused() {
    assertThatThrownBy(() -> Tickets.decode("{\"until\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
