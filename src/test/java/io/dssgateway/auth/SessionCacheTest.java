package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.AylaTokens;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A replica's cached view of the cluster's sessions: revocation wins over late news, newest tokens win, expiry. */
class SessionCacheTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private final SessionCache cache = new SessionCache();

  private static UserSession session(String id, String subject, Instant expiresAt) {
    return new UserSession(
        id, subject, new AylaSession(null, new AylaTokens("a-" + id, "r-" + id, 0)), expiresAt);
  }

  @Test
  void addKeepsTheSessionAlreadyCached() {
    UserSession first = session("s1", "u", NOW.plusSeconds(60));
    assertThat(cache.add(first, 1, NOW)).containsSame(first);
    assertThat(cache.add(session("s1", "u", NOW.plusSeconds(60)), 2, NOW)).containsSame(first);
    assertThat(cache.get("s1", NOW)).containsSame(first);
  }

  @Test
  void aRevokedSessionIsNotAddedBackByLateNews() {
    cache.add(session("s1", "u", NOW.plusSeconds(60)), 1, NOW);
    assertThat(cache.revoke("s1", NOW.plusSeconds(30))).isPresent();
    assertThat(cache.get("s1", NOW)).isEmpty();
    assertThat(cache.isRevoked("s1", NOW)).isTrue();
    assertThat(cache.add(session("s1", "u", NOW.plusSeconds(60)), 1, NOW)).isEmpty();
    assertThat(cache.add(session("s1", "u", NOW.plusSeconds(60)), 1, NOW.plusSeconds(31)))
        .isPresent();
  }

  @Test
  void onlyNewerTokensAreAdopted() {
    cache.add(session("s1", "u", NOW.plusSeconds(60)), 100, NOW);
    assertThat(cache.newerTokens("s1", 100)).isFalse();
    assertThat(cache.newerTokens("s1", 99)).isFalse();
    assertThat(cache.newerTokens("s1", 101)).isTrue();
    assertThat(cache.newerTokens("unknown", 500)).isFalse();
  }

  @Test
  void aLocalRefreshIsNewerThanWhatIsCachedEvenWithASlowClock() {
    cache.add(session("s1", "u", NOW.plusSeconds(60)), 1_000, NOW);
    assertThat(cache.refreshed("s1", 900)).isEqualTo(1_001);
    assertThat(cache.refreshed("s1", 5_000)).isEqualTo(5_000);
    cache.revoke("s1", NOW.plusSeconds(60));
    assertThat(cache.refreshed("s1", 6_000)).as("revoked: nothing to share").isEqualTo(-1);
  }

  @Test
  void verificationAges() {
    cache.add(session("s1", "u", NOW.plusSeconds(60)), 1, NOW);
    assertThat(cache.verifiedSince("s1", NOW.plusSeconds(5), NOW)).isTrue();
    assertThat(cache.verifiedSince("s1", NOW.plusSeconds(15), NOW.plusSeconds(5))).isFalse();
    cache.verified("s1", NOW.plusSeconds(15));
    assertThat(cache.verifiedSince("s1", NOW.plusSeconds(15), NOW.plusSeconds(5))).isTrue();
  }

  @Test
  void latestForPicksTheNewestLiveSessionOfTheUser() {
    UserSession older = session("s1", "u", NOW.plusSeconds(60));
    UserSession newer = session("s2", "u", NOW.plusSeconds(120));
    cache.add(older, 1, NOW);
    cache.add(newer, 1, NOW);
    cache.add(session("s3", "someone-else", NOW.plusSeconds(600)), 1, NOW);
    assertThat(cache.latestFor("u", NOW)).containsSame(newer.ayla());
    assertThat(cache.latestFor("u", NOW.plusSeconds(121))).isEmpty();
  }

  @Test
  void expireDropsExpiredSessionsAndOldRevocations() {
    cache.add(session("s1", "u", NOW.plusSeconds(10)), 1, NOW);
    cache.add(session("s2", "u", NOW.plusSeconds(100)), 1, NOW);
    cache.revoke("s3", NOW.plusSeconds(10));
    cache.expire(NOW.plusSeconds(11));
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.isRevoked("s3", NOW)).isFalse();
  }
}
