package io.dssgateway.auth;

import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in users of a single gateway process: each gateway session holds that user's Ayla session
 * (tokens stay server-side and are refreshed by {@link AylaSession}). Sessions are kept in the
 * embedded database so a restarted gateway still honours the JWTs it issued; the table holds Ayla
 * tokens, so protect its volume like the signing key.
 */
public final class UserSessions implements SessionStore {

  private final Pool db;
  private final AylaClient client;
  private final Map<String, UserSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> savedAccessTokens = new ConcurrentHashMap<>();

  public UserSessions(Pool db, AylaClient client) {
    this.db = db;
    this.client = client;
  }

  /** Creates the table and loads the sessions that have not expired. */
  @Override
  public Future<Integer> init() {
    return db.query("CREATE TABLE IF NOT EXISTS sessions (id VARCHAR(64) PRIMARY KEY, subject VARCHAR(320) NOT NULL,"
            + " access_token VARCHAR(512) NOT NULL, refresh_token VARCHAR(512) NOT NULL, expires_at BIGINT NOT NULL)").execute()
        .compose(v -> purgeExpired(Instant.now()))
        .compose(v -> db.query("SELECT id, subject, access_token, refresh_token, expires_at FROM sessions").execute())
        .map(rows -> {
          for (Row row : rows) {
            AylaTokens tokens = new AylaTokens(row.getString(2), row.getString(3), 0);
            UserSession s = new UserSession(row.getString(0), row.getString(1), client.session(tokens),
                Instant.ofEpochMilli(row.getLong(4)));
            sessions.put(s.id(), s);
            savedAccessTokens.put(s.id(), tokens.accessToken());
          }
          return rows.size();
        });
  }

  @Override
  public Future<UserSession> create(String subject, AylaSession ayla, Instant expiresAt) {
    UserSession session = new UserSession(UserSession.newId(), subject, ayla, expiresAt);
    sessions.put(session.id(), session);
    return save(List.of(session)).map(session);
  }

  @Override
  public Optional<UserSession> get(String id) {
    UserSession s = id == null ? null : sessions.get(id);
    return s == null || s.expiresAt().isBefore(Instant.now()) ? Optional.empty() : Optional.of(s);
  }

  @Override
  public Optional<AylaSession> latestFor(String subject) {
    Instant now = Instant.now();
    return sessions.values().stream()
        .filter(s -> s.subject().equals(subject) && s.expiresAt().isAfter(now))
        .max(java.util.Comparator.comparing(UserSession::expiresAt))
        .map(UserSession::ayla);
  }

  @Override
  public Future<Boolean> isActive(String sessionId) {
    return Future.succeededFuture(sessionId == null || get(sessionId).isPresent());
  }

  @Override
  public Future<Void> end(String id) {
    UserSession s = id == null ? null : sessions.remove(id);
    savedAccessTokens.remove(String.valueOf(id));
    if (s == null) {
      return Future.succeededFuture();
    }
    return db.preparedQuery("DELETE FROM sessions WHERE id = ?").execute(Tuple.of(id))
        .compose(v -> s.ayla().signOut().recover(err -> Future.succeededFuture()));
  }

  /** Saves sessions whose Ayla tokens were refreshed since the last save; drops expired ones. */
  @Override
  public Future<Void> checkpoint() {
    Instant now = Instant.now();
    List<String> expired = sessions.values().stream().filter(s -> s.expiresAt().isBefore(now)).map(UserSession::id).toList();
    expired.forEach(id -> {
      sessions.remove(id);
      savedAccessTokens.remove(id);
    });
    List<UserSession> changed = sessions.values().stream()
        .filter(s -> !s.ayla().tokens().accessToken().equals(savedAccessTokens.get(s.id())))
        .toList();
    Future<Void> saved = changed.isEmpty() ? Future.succeededFuture() : save(changed);
    return expired.isEmpty() ? saved : saved.compose(v -> purgeExpired(now));
  }

  private Future<Void> purgeExpired(Instant now) {
    return db.preparedQuery("DELETE FROM sessions WHERE expires_at < ?").execute(Tuple.of(now.toEpochMilli())).mapEmpty();
  }

  private Future<Void> save(List<UserSession> list) {
    List<Tuple> batch = new ArrayList<>();
    for (UserSession s : list) {
      AylaTokens t = s.ayla().tokens();
      batch.add(Tuple.of(s.id(), s.subject(), t.accessToken(), t.refreshToken(), s.expiresAt().toEpochMilli()));
      savedAccessTokens.put(s.id(), t.accessToken());
    }
    return db.preparedQuery("MERGE INTO sessions KEY (id) VALUES (?, ?, ?, ?, ?)").executeBatch(batch).mapEmpty();
  }
}
