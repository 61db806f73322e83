package io.dssgateway.auth;

import io.dssgateway.common.SecretBox;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed-in users of a single gateway process: each gateway session holds that user's Ayla session
 * (tokens stay server-side and are refreshed by {@link AylaSession}). Sessions are kept in the
 * embedded database so a restarted gateway still honours the JWTs it issued. The Ayla tokens are
 * stored sealed with {@code secrets.key} and bound to their session id; a row written in the clear by
 * an older version is read once and written back sealed, one that does not open is dropped.
 */
public final class UserSessions implements SessionStore {

  private static final Logger LOG = LoggerFactory.getLogger(UserSessions.class);

  private final Pool db;
  private final AylaClient client;
  private final SecretBox box;
  private final int maxPerUser;
  private final Map<String, UserSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> savedAccessTokens = new ConcurrentHashMap<>();
  private final List<java.util.function.Consumer<String>> endListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** @param maxPerUser the most sessions one user may hold; a new one past it ends that user's oldest */
  public UserSessions(Pool db, AylaClient client, SecretBox box, int maxPerUser) {
    this.db = db;
    this.client = client;
    this.box = box;
    this.maxPerUser = maxPerUser;
  }

  /** Creates the table and loads the sessions that have not expired. */
  @Override
  public Future<Integer> init() {
    return db.query(
            "CREATE TABLE IF NOT EXISTS sessions (id VARCHAR(64) PRIMARY KEY, subject VARCHAR(320) NOT NULL,"
                + " access_token VARCHAR(2048) NOT NULL, refresh_token VARCHAR(2048) NOT NULL, expires_at BIGINT NOT NULL)")
        .execute()
        .compose(v -> purgeExpired(Instant.now()))
        .compose(
            v ->
                db.query(
                        "SELECT id, subject, access_token, refresh_token, expires_at FROM sessions")
                    .execute())
        .map(
            rows -> {
              int loaded = 0;
              int unreadable = 0;
              for (Row row : rows) {
                String id = row.getString(0);
                AylaTokens tokens;
                try {
                  tokens =
                      new AylaTokens(open(id, row.getString(2)), open(id, row.getString(3)), 0);
                } catch (IllegalArgumentException e) {
                  unreadable++;
                  continue;
                }
                UserSession s =
                    new UserSession(
                        id,
                        row.getString(1),
                        client.session(tokens),
                        Instant.ofEpochMilli(row.getLong(4)));
                sessions.put(s.id(), s);
                if (SecretBox.isSealed(row.getString(2))) {
                  savedAccessTokens.put(
                      s.id(), tokens.accessToken()); // else the next checkpoint writes it sealed
                }
                loaded++;
              }
              if (unreadable > 0) {
                LOG.warn(
                    "Dropped {} stored session(s) whose Ayla tokens do not open with this secrets.key (was it changed?); "
                        + "those users sign in again",
                    unreadable);
              }
              return loaded;
            });
  }

  @Override
  public Future<UserSession> create(String subject, AylaSession ayla, Instant expiresAt) {
    UserSession session = new UserSession(UserSession.newId(), subject, ayla, expiresAt);
    sessions.put(session.id(), session);
    return save(List.of(session))
        .map(
            v -> {
              SessionLimit.endOldest(this, session, maxPerUser);
              return session;
            });
  }

  @Override
  public List<UserSession> sessionsOf(String subject) {
    Instant now = Instant.now();
    return SessionLimit.of(sessions.values().stream().filter(s -> s.liveAt(now)), subject);
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
  public void onEnded(java.util.function.Consumer<String> listener) {
    endListeners.add(listener);
  }

  @Override
  public Future<Void> end(String id) {
    UserSession s = id == null ? null : sessions.remove(id);
    savedAccessTokens.remove(String.valueOf(id));
    if (s == null) {
      return Future.succeededFuture();
    }
    endListeners.forEach(l -> l.accept(id));
    return db.preparedQuery("DELETE FROM sessions WHERE id = ?")
        .execute(Tuple.of(id))
        .compose(v -> s.ayla().signOut().recover(err -> Future.succeededFuture()));
  }

  /** Saves sessions whose Ayla tokens were refreshed since the last save; drops expired ones. */
  @Override
  public Future<Void> checkpoint() {
    Instant now = Instant.now();
    List<String> expired =
        sessions.values().stream()
            .filter(s -> s.expiresAt().isBefore(now))
            .map(UserSession::id)
            .toList();
    expired.forEach(
        id -> {
          sessions.remove(id);
          savedAccessTokens.remove(id);
          endListeners.forEach(l -> l.accept(id));
        });
    List<UserSession> changed =
        sessions.values().stream()
            .filter(s -> !s.ayla().tokens().accessToken().equals(savedAccessTokens.get(s.id())))
            .toList();
    Future<Void> saved = changed.isEmpty() ? Future.succeededFuture() : save(changed);
    return expired.isEmpty() ? saved : saved.compose(v -> purgeExpired(now));
  }

  private Future<Void> purgeExpired(Instant now) {
    return db.preparedQuery("DELETE FROM sessions WHERE expires_at < ?")
        .execute(Tuple.of(now.toEpochMilli()))
        .mapEmpty();
  }

  private Future<Void> save(List<UserSession> list) {
    List<Tuple> batch = new ArrayList<>();
    for (UserSession s : list) {
      AylaTokens t = s.ayla().tokens();
      batch.add(
          Tuple.of(
              s.id(),
              s.subject(),
              box.seal(s.id(), t.accessToken()),
              box.seal(s.id(), t.refreshToken()),
              s.expiresAt().toEpochMilli()));
      savedAccessTokens.put(s.id(), t.accessToken());
    }
    return db.preparedQuery("MERGE INTO sessions KEY (id) VALUES (?, ?, ?, ?, ?)")
        .executeBatch(batch)
        .mapEmpty();
  }

  /** A stored token: sealed for this session, or in the clear from before sealing. */
  private String open(String sessionId, String stored) {
    return SecretBox.isSealed(stored) ? box.open(sessionId, stored) : stored;
  }
}
