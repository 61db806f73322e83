package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.HttpError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas' ticket stores over one shared map (a plain Vert.x: its async map stands in for the
 * cluster-wide one; {@code ClusteredAuthTest} runs them on Hazelcast): single use across replicas,
 * expiry on the clock, the per-replica bound.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClusterTicketsTest {

  private final ManualClock clock = new ManualClock();
  private Vertx vertx;
  private ClusterTickets a;
  private ClusterTickets b;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    a = new ClusterTickets(vertx, Duration.ofSeconds(30), 2, clock);
    b = new ClusterTickets(vertx, Duration.ofSeconds(30), 2, clock);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Principal user() {
    return Principal.unrestricted(
        "u1", "s1", clock.now.plusSeconds(3600), Principal.Source.GATEWAY);
  }

  private static String code(Future<?> f) {
    try {
      f.await();
      return "ok";
    } catch (HttpError e) {
      return e.code();
    }
  }

  @Test
  void aTicketIssuedByOneReplicaIsRedeemedOnceOnAnother() {
    String ticket = a.issue(user()).await();
    Principal p = b.redeem(ticket).await();
    assertThat(p.subject()).isEqualTo("u1");
    assertThat(p.sessionId()).isEqualTo("s1");
    assertThat(p.source()).isEqualTo(Principal.Source.TICKET);
    assertThat(code(a.redeem(ticket))).isEqualTo("invalid_ticket");
    assertThat(code(b.redeem(ticket))).isEqualTo("invalid_ticket");
  }

  @Test
  void anExpiredTicketIsRefused() {
    String ticket = a.issue(user()).await();
    clock.now = clock.now.plusSeconds(30);
    assertThat(code(b.redeem(ticket))).isEqualTo("invalid_ticket");
  }

  @Test
  void malformedTicketsAreRefusedWithoutALookup() {
    assertThat(code(b.redeem("nope"))).isEqualTo("invalid_ticket");
    assertThat(code(b.redeem(null))).isEqualTo("invalid_ticket");
  }

  @Test
  void eachReplicaBoundsTheTicketsItHasOutstanding() {
    a.issue(user()).await();
    a.issue(user()).await();
    assertThat(code(a.issue(user()))).isEqualTo("too_many_tickets");
    assertThat(code(b.issue(user()))).as("another replica's bound").isEqualTo("ok");
    clock.now = clock.now.plusSeconds(31);
    assertThat(code(a.issue(user()))).isEqualTo("ok");
  }
}
