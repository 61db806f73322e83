package io.dssgateway.api;

import io.dssgateway.auth.Principal;
import io.dssgateway.common.HttpError;
import io.dssgateway.hub.Filter;
import io.dssgateway.sse.DeviceAccess;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user isolation in the gateway itself: the DSNs each signed-in user owns, as Ayla lists them,
 * so a browser gets only its own devices' events whatever the upstream subscription matches. The
 * list is fetched before a user's first stream opens, fetched again when it is older than
 * {@link #STALE} as a stream opens, and whenever a registration event passes through one of the
 * user's streams. Unknown users and events without a DSN are refused (fail closed). Service mode
 * delivers everything: there the JWT's claims limit the filters.
 */
public final class UserDevices implements DeviceAccess {

  static final Duration STALE = Duration.ofMinutes(5);

  /** A user without a stream for this long is forgotten (fetched again when they come back). */
  static final Duration IDLE = Duration.ofHours(1);

  /** A device list older than this is fetched again before a filter naming something not on it is refused. */
  static final Duration RECHECK = Duration.ofSeconds(10);

  private static final class Owned {
    volatile Set<String> dsns = Set.of();
    volatile Set<String> models = Set.of();
    volatile long fetchedAt = -1;
    volatile long usedAt;
    volatile Future<Void> fetching;
  }

  private final AylaAccess access;
  private final Clock clock;
  private final Map<String, Owned> byScope = new ConcurrentHashMap<>();

  private final boolean everything;

  public UserDevices(AylaAccess access) {
    this(access, Clock.systemUTC());
  }

  UserDevices(AylaAccess access, Clock clock) {
    this.access = access;
    this.clock = clock;
    this.everything = access.serviceMode();
  }

  @Override
  public boolean mayDeliver(String scope, String dsn) {
    if (everything) {
      return true;
    }
    Owned owned = byScope.get(scope);
    return owned != null && dsn != null && owned.dsns.contains(dsn);
  }

  @Override
  public Set<String> visibleDevices(String scope) {
    return everything ? null : owned(scope);
  }

  @Override
  public void registrationSeen(String scope, String dsn) {
    Owned owned = everything ? null : byScope.get(scope);
    if (owned != null) {
      access.forScope(scope).ifPresent(session -> fetch(owned, session));
    }
  }

  /**
   * Before a stream opens: the caller's device list is known (fetched now the first time), and
   * fetched again in the background when stale.
   */
  Future<Void> ready(Principal p) {
    if (everything) {
      return Future.succeededFuture();
    }
    String scope = access.scopeOf(p);
    Owned owned = byScope.computeIfAbsent(scope, s -> new Owned());
    long now = clock.millis();
    owned.usedAt = now;
    if (owned.fetchedAt >= 0 && now - owned.fetchedAt < STALE.toMillis()) {
      return Future.succeededFuture();
    }
    Future<Void> fetched = fetch(owned, access.forPrincipal(p));
    return owned.fetchedAt >= 0 ? Future.succeededFuture() : fetched;
  }

  /** The DSNs a scope's user owns, as last fetched (empty when unknown). */
  Set<String> owned(String scope) {
    Owned owned = byScope.get(scope);
    return owned == null ? Set.of() : owned.dsns;
  }

  /** Forgets users idle past {@link #IDLE}; called from a periodic timer. */
  public void purgeIdle() {
    long cutoff = clock.millis() - IDLE.toMillis();
    byScope.values().removeIf(o -> o.usedAt < cutoff && o.fetching == null);
  }

  int size() {
    return byScope.size();
  }

  /** One fetch at a time per user; a registration seen during one is covered by the next stream open or event. */
  private synchronized Future<Void> fetch(Owned owned, AylaSession session) {
    Future<Void> running = owned.fetching;
    if (running != null) {
      return CallerContext.of(running); // started by a stream opening on another loop
    }
    Future<Void> f =
        session
            .devices()
            .map(
                devices -> {
                  owned.dsns = dsnsOf(devices);
                  owned.models = valuesOf(devices, "oem_model");
                  owned.fetchedAt = clock.millis();
                  return (Void) null;
                })
            .recover(err -> Future.failedFuture(DeviceRoutes.upstreamError(err)));
    owned.fetching = f;
    f.onComplete(
        ar -> {
          synchronized (this) {
            owned.fetching = null;
          }
        });
    return f;
  }

  static Set<String> dsnsOf(JsonArray devices) {
    return valuesOf(devices, "dsn");
  }

  private static Set<String> valuesOf(JsonArray devices, String field) {
    Set<String> values = new HashSet<>();
    for (Object o : devices) {
      JsonObject d = o instanceof JsonObject j ? j.getJsonObject("device", j) : null;
      Optional.ofNullable(d)
          .map(x -> x.getValue(field))
          .filter(String.class::isInstance)
          .map(String.class::cast)
          .ifPresent(values::add);
    }
    return Set.copyOf(values);
  }

  /**
   * Before a stream opens in per-user mode: every model and DSN the filter names is one of the
   * caller's devices, else 403 {@code not_owned} (nothing is asked of Ayla's stream service for a
   * filter that could carry no event of theirs). A miss on a list older than {@link #RECHECK} fetches it
   * again first (a device registered since).
   */
  public Future<Void> admit(Principal p, Filter filter) {
    return ready(p)
        .compose(
            v -> {
              if (everything || missing(access.scopeOf(p), filter) == null) {
                return Future.succeededFuture();
              }
              Owned owned = byScope.get(access.scopeOf(p));
              if (owned == null || clock.millis() - owned.fetchedAt < RECHECK.toMillis()) {
                return Future.failedFuture(notOwned(missing(access.scopeOf(p), filter)));
              }
              return fetch(owned, access.forPrincipal(p))
                  .compose(
                      x -> {
                        JsonObject still = missing(access.scopeOf(p), filter);
                        return still == null
                            ? Future.succeededFuture()
                            : Future.failedFuture(notOwned(still));
                      });
            });
  }

  /** The models and DSNs the filter names that the scope's user has no device of, or null when none. */
  private JsonObject missing(String scope, Filter filter) {
    Owned owned = byScope.get(scope);
    Set<String> dsns = owned == null ? Set.of() : owned.dsns;
    Set<String> models = owned == null ? Set.of() : owned.models;
    List<String> badDsns = filter.dsns().stream().filter(d -> !dsns.contains(d)).toList();
    List<String> badModels = filter.oemModels().stream().filter(m -> !models.contains(m)).toList();
    if (badDsns.isEmpty() && badModels.isEmpty()) {
      return null;
    }
    return new JsonObject()
        .put("dsn", new JsonArray(badDsns))
        .put("oem_model", new JsonArray(badModels));
  }

  private static HttpError notOwned(JsonObject missing) {
    return HttpError.forbidden(
        "not_owned", "The filter names models or devices your account has none of", missing);
  }
}
