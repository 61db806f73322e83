package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.Database;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Expired sessions leave the store while the gateway runs, not only at the next start. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UserSessionsPurgeTest {

  private Vertx vertx;
  private Pool db;
  private UserSessions sessions;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = Database.pool(vertx, "mem");
    sessions =
        new UserSessions(
            db,
            null,
            io.dssgateway.common.SecretBox.fromBase64(io.dssgateway.common.SecretBox.newKey()),
            10);
    sessions.init().await();
  }

  @AfterEach
  void stop() {
    db.close().await();
    vertx.close().await();
  }

  @Test
  void checkpointPurgesExpiredSessionsFromTheStore() {
    AylaSession ayla = new AylaSession(null, new AylaTokens("ayla-access", "ayla-refresh", 3600));
    String expired =
        sessions.create("gone@example.com", ayla, Instant.now().minusSeconds(1)).await().id();
    String live =
        sessions.create("here@example.com", ayla, Instant.now().plusSeconds(3600)).await().id();

    sessions.checkpoint().await();

    assertThat(sessions.get(expired)).isEmpty();
    assertThat(sessions.get(live)).isPresent();
    assertThat(storedIds()).containsExactly(live);
  }

  private java.util.List<String> storedIds() {
    java.util.List<String> ids = new java.util.ArrayList<>();
    db.query("SELECT id FROM sessions").execute().await().forEach(row -> ids.add(row.getString(0)));
    return ids;
  }
}
