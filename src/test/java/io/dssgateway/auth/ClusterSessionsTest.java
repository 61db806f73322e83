package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.dssgateway.common.SecretBox;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaConfig;
import io.dssgateway.upstream.AylaEndpoints;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas' session stores over one Vert.x (its async maps and event bus stand in for the
 * cluster's; {@code ClusteredAuthTest} runs the real thing): what one creates the other accepts,
 * what one ends the other refuses, and a session that vanished without a word is refused after
 * {@link ClusterSessions#REVALIDATE}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ClusterSessionsTest {

  private static final AylaTokens TOKENS =
      new AylaTokens("access-0123456789abcdef", "refresh-fedcba9876543210", 3600);
  private final ManualClock clock = new ManualClock();
  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
  private Vertx vertx;
  private AylaClient ayla;
  private ClusterSessions a;
  private ClusterSessions b;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    ayla =
        new AylaClient(
            vertx,
            new AylaConfig(
                AylaEndpoints.forSimulator(1),
                "app",
                "secret",
                1000)); // no Ayla: sign-out fails, ignored
    a = replica();
    b = replica();
  }

  @AfterEach
  void stop() {
    ayla.close().await();
    vertx.close().await();
  }

  private ClusterSessions replica() {
    return replica(10);
  }

  private ClusterSessions replica(int maxPerUser) {
    ClusterSessions r = new ClusterSessions(vertx, ayla, box, maxPerUser, clock);
    r.init().await();
    return r;
  }

  private UserSession signIn(ClusterSessions on, String subject, Duration ttl) {
    return on.create(subject, ayla.session(TOKENS), clock.now.plus(ttl)).await();
  }

  @Test
  void aSessionCreatedOnOneReplicaIsActiveOnAnother() {
    UserSession s = signIn(a, "u", Duration.ofHours(1));
    assertThat(b.isActive(s.id()).await()).isTrue();
    UserSession onB = b.get(s.id()).orElseThrow();
    assertThat(onB.subject()).isEqualTo("u");
    assertThat(onB.expiresAt()).isEqualTo(s.expiresAt());
    assertThat(onB.ayla().tokens().accessToken()).isEqualTo(TOKENS.accessToken());
    assertThat(onB.ayla()).as("each replica its own Ayla session object").isNotSameAs(s.ayla());
    assertThat(b.latestFor("u")).containsSame(onB.ayla());
  }

  @Test
  void endingASessionOnOneReplicaEndsItOnTheOthers() {
    UserSession s = signIn(a, "u", Duration.ofHours(1));
    assertThat(b.isActive(s.id()).await()).isTrue();
    a.end(s.id()).await();
    assertThat(a.isActive(s.id()).await()).isFalse();
    Eventually.until("b hears of the logout", Duration.ofSeconds(5), () -> b.get(s.id()).isEmpty());
    assertThat(b.isActive(s.id()).await()).isFalse();
    assertThat(replica().isActive(s.id()).await()).as("a replica started afterwards").isFalse();
  }

  @Test
  void aSessionGoneFromTheSharedMapsWithoutAWordIsRefusedAfterRevalidation() {
    UserSession s = signIn(a, "u", Duration.ofHours(1));
    assertThat(b.isActive(s.id()).await()).isTrue();
    vertx
        .sharedData()
        .<String, String>getAsyncMap(SharedSessions.ENTRIES)
        .compose(m -> m.remove(s.id()))
        .await();

    assertThat(b.isActive(s.id()).await()).as("still trusted from the cache").isTrue();
    clock.now = clock.now.plus(ClusterSessions.REVALIDATE).plusSeconds(1);
    assertThat(b.isActive(s.id()).await()).isFalse();
    assertThat(b.get(s.id())).isEmpty();
  }

  @Test
  void aReplicaThatStartsLaterLoadsTheLiveSessions() {
    UserSession older = signIn(a, "u", Duration.ofMinutes(30));
    UserSession newer = signIn(b, "u", Duration.ofHours(1));
    signIn(a, "gone", Duration.ofSeconds(5));
    clock.now = clock.now.plusSeconds(6);

    ClusterSessions c = replica();
    assertThat(c.get(older.id())).isPresent();
    assertThat(c.latestFor("u").orElseThrow().tokens().accessToken())
        .isEqualTo(TOKENS.accessToken());
    assertThat(c.get(newer.id()).map(UserSession::expiresAt)).contains(newer.expiresAt());
    assertThat(c.latestFor("gone")).isEmpty();
  }

  @Test
  void aSignInPastTheBoundPerUserEndsThatUsersOldestSessionOnEveryReplica() {
    ClusterSessions bounded = replica(2);
    ClusterSessions other = replica(2);
    List<String> endedOnOther = new CopyOnWriteArrayList<>();
    other.onEnded(endedOnOther::add);
    UserSession oldest = signIn(bounded, "u", Duration.ofHours(1));
    clock.now = clock.now.plusSeconds(1);
    UserSession second = signIn(other, "u", Duration.ofHours(1));
    UserSession someoneElse = signIn(other, "v", Duration.ofHours(1));
    Eventually.until(
        "the first replica hears of the second sign-in",
        Duration.ofSeconds(5),
        () -> bounded.get(second.id()).isPresent());
    clock.now = clock.now.plusSeconds(1);

    UserSession third = signIn(bounded, "u", Duration.ofHours(1));

    assertThat(bounded.isActive(oldest.id()).await()).isFalse();
    Eventually.until(
        "the other replica hears the oldest ended",
        Duration.ofSeconds(5),
        () -> endedOnOther.contains(oldest.id()));
    assertThat(other.isActive(oldest.id()).await()).isFalse();
    for (UserSession live : List.of(second, third, someoneElse)) {
      assertThat(bounded.isActive(live.id()).await()).isTrue();
      Eventually.until(
          "the other replica has " + live.subject() + "'s live session",
          Duration.ofSeconds(5),
          () -> other.get(live.id()).isPresent());
    }
    assertThat(bounded.sessionsOf("u"))
        .extracting(UserSession::id)
        .containsExactly(second.id(), third.id());
  }

  @Test
  void unknownSessionsAreNotActiveAndCredentialsWithoutOneAre() {
    assertThat(b.isActive("never-issued").await()).isFalse();
    assertThat(b.isActive(null).await()).isTrue();
  }
}
