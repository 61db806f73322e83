package io.dssgateway.auth;

import io.dssgateway.common.SecretBox;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions shared by every replica of a cluster, so a JWT or cookie issued by one works on all, and
 * a logout on one ends the session on all. The truth is {@link SharedSessions} (cluster-wide maps);
 * each replica answers from its {@link SessionCache}, kept current by the changes every replica
 * announces, so checking a request costs no remote call. A session this replica has not heard of
 * yet (the request outran the news) is looked up in the maps, and so is a cached one not confirmed
 * for {@link #REVALIDATE}, which bounds how long a lost logout message could go unnoticed.
 *
 * <p>Ayla rotates tokens on refresh, so a replica that refreshes a session's tokens shares them at
 * once and the others adopt the newest; when two replicas refresh at once, Ayla refuses the second,
 * which then takes the pair the first one shares.
 */
public final class ClusterSessions implements SessionStore {

  static final Duration REVALIDATE = Duration.ofSeconds(10);

  /** Reads of the shared map, 50 ms apart and doubling (1.55 s in all), for a pair another replica refreshed. */
  private static final int REFUSED_LOOKUPS = 5;

  private static final Duration REVOKED_MEMORY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(ClusterSessions.class);

  private final Vertx vertx;
  private final AylaClient client;
  private final SecretBox box;
  private final Clock clock;
  private final int maxPerUser;
  private final SessionCache cache = new SessionCache();
  private volatile SharedSessions shared;
  private volatile MessageConsumer<JsonObject> changes;
  private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();

  /** @param maxPerUser the most sessions one user may hold; a new one past it ends that user's oldest */
  public ClusterSessions(Vertx vertx, AylaClient client, SecretBox box, int maxPerUser) {
    this(vertx, client, box, maxPerUser, Clock.systemUTC());
  }

  ClusterSessions(Vertx vertx, AylaClient client, SecretBox box, int maxPerUser, Clock clock) {
    this.vertx = vertx;
    this.client = client;
    this.box = box;
    this.maxPerUser = maxPerUser;
    this.clock = clock;
  }

  /** Opens the shared maps, listens for changes, then caches the live sessions already shared. */
  @Override
  public Future<Integer> init() {
    return SharedSessions.open(vertx, box, clock)
        .compose(
            s -> {
              shared = s;
              return s.listen(this::onChange);
            })
        .compose(
            consumer -> {
              changes = consumer;
              return shared.all();
            })
        .map(all -> (int) all.stream().filter(s -> learn(s).isPresent()).count());
  }

  @Override
  public Future<UserSession> create(String subject, AylaSession ayla, Instant expiresAt) {
    UserSession session = new UserSession(UserSession.newId(), subject, ayla, expiresAt);
    long obtainedAt = clock.millis();
    cache.add(session, obtainedAt, clock.instant());
    watch(session);
    return shared
        .add(session, ayla.tokens(), obtainedAt)
        .recover(
            err -> {
              cache.revoke(session.id(), clock.instant());
              return unavailable(err);
            })
        .map(
            v -> {
              SessionLimit.endOldest(this, session, maxPerUser);
              return session;
            });
  }

  /** From this replica's cache, which every sign-in in the cluster reaches through the announced changes. */
  @Override
  public List<UserSession> sessionsOf(String subject) {
    return SessionLimit.of(cache.live(clock.instant()), subject);
  }

  @Override
  public Optional<UserSession> get(String id) {
    return cache.get(id, clock.instant());
  }

  @Override
  public Optional<AylaSession> latestFor(String subject) {
    return cache.latestFor(subject, clock.instant());
  }

  @Override
  public Future<Boolean> isActive(String id) {
    if (id == null) {
      return Future.succeededFuture(true);
    }
    Instant now = clock.instant();
    if (cache.verifiedSince(id, now, now.minus(REVALIDATE))) {
      return Future.succeededFuture(true);
    }
    if (cache.isRevoked(id, now)) {
      return Future.succeededFuture(false);
    }
    return shared
        .get(id)
        .recover(err -> unavailable(err))
        .map(
            found -> {
              if (found.isEmpty()) {
                cache.revoke(id, clock.instant().plus(REVOKED_MEMORY));
              }
              return found.flatMap(this::learn).isPresent();
            });
  }

  @Override
  public void onEnded(Consumer<String> listener) {
    endListeners.add(listener);
  }

  @Override
  public Future<Void> end(String id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    endListeners.forEach(
        l ->
            l.accept(
                id)); // the announcement reaches the other replicas (and this one again: harmless)
    Optional<AylaSession> local =
        cache.revoke(id, clock.instant().plus(REVOKED_MEMORY)).map(UserSession::ayla);
    return shared
        .remove(id)
        .recover(
            err -> {
              LOG.warn(
                  "Logout could not reach the cluster's session maps; replicas that hear the announcement forget the "
                      + "session: {}",
                  err.toString());
              return Future.succeededFuture(Optional.empty());
            })
        .compose(
            removed ->
                removed
                    .map(client::session)
                    .or(() -> local) // the shared tokens are the newest
                    .map(ayla -> ayla.signOut().recover(err -> Future.<Void>succeededFuture()))
                    .orElseGet(Future::succeededFuture));
  }

  @Override
  public Future<Void> checkpoint() {
    cache.expire(clock.instant());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    return changes == null ? Future.succeededFuture() : changes.unregister();
  }

  private void onChange(SharedSessions.Change change) {
    if (change.revoked()) {
      cache.revoke(change.id(), clock.instant().plus(REVOKED_MEMORY));
      endListeners.forEach(l -> l.accept(change.id()));
    } else if (change.session() != null) {
      learn(change.session());
    } else {
      adoptIfNewer(cache.get(change.id(), clock.instant()), change.tokens());
    }
  }

  /** Caches a shared session (adopting its tokens if newer than the cached ones); empty if expired or revoked. */
  private Optional<UserSession> learn(SharedSessions.Shared s) {
    Instant now = clock.instant();
    Optional<UserSession> known = cache.get(s.id(), now);
    if (known.isEmpty()) {
      UserSession fresh =
          new UserSession(s.id(), s.subject(), client.session(s.tokens().tokens()), s.expiresAt());
      known = cache.add(fresh, s.tokens().obtainedAt(), now);
      if (known.isPresent() && known.get() == fresh) {
        watch(fresh);
        return known;
      }
    }
    adoptIfNewer(known, s.tokens());
    known.ifPresent(k -> cache.verified(k.id(), now));
    return known;
  }

  private void adoptIfNewer(Optional<UserSession> known, SessionCodec.Tokens tokens) {
    known
        .filter(s -> cache.newerTokens(s.id(), tokens.obtainedAt()))
        .ifPresent(s -> s.ayla().adopt(tokens.tokens()));
  }

  /** Shares the tokens of each refresh made here at once: Ayla has just retired the pair the other replicas hold. */
  private void watch(UserSession session) {
    session.ayla().onRefreshed(fresh -> share(session, fresh));
    session.ayla().onRefreshRefused(stale -> sharedAfter(session, stale, 0));
  }

  /**
   * The pair another replica obtained by refreshing {@code stale} first (Ayla then refuses this
   * replica's refresh): it reaches the shared map moments after, so the map is read a few times.
   */
  private Future<AylaTokens> sharedAfter(UserSession session, AylaTokens stale, int attempt) {
    if (session.ayla().tokens() != stale) {
      return Future.succeededFuture(
          session.ayla().tokens()); // adopted from the announcement meanwhile
    }
    return shared
        .get(session.id())
        .compose(
            found -> {
              Optional<SessionCodec.Tokens> newer =
                  found
                      .map(SharedSessions.Shared::tokens)
                      .filter(t -> !t.tokens().refreshToken().equals(stale.refreshToken()));
              if (newer.isPresent()) {
                cache.newerTokens(session.id(), newer.get().obtainedAt());
                return Future.succeededFuture(newer.get().tokens());
              }
              if (found.isEmpty() || attempt >= REFUSED_LOOKUPS) {
                return Future.failedFuture("no newer tokens shared");
              }
              return vertx
                  .timer(50L << attempt, TimeUnit.MILLISECONDS)
                  .compose(t -> sharedAfter(session, stale, attempt + 1));
            });
  }

  private void share(UserSession session, AylaTokens fresh) {
    long obtainedAt = cache.refreshed(session.id(), clock.millis());
    if (obtainedAt < 0) {
      return; // signed out meanwhile: a revoked session's tokens are never written back
    }
    shared
        .replaceTokens(session, fresh, obtainedAt)
        .onFailure(
            err ->
                LOG.warn(
                    "Could not share refreshed Ayla tokens; other replicas will refresh again: {}",
                    err.toString()));
  }

  private static <T> Future<T> unavailable(Throwable err) {
    LOG.warn("The cluster's shared sessions are not usable: {}", err.toString());
    return Future.failedFuture(AuthErrors.sharedStateUnavailable());
  }
}
