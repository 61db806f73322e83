package io.dssgateway.sse;

import io.dssgateway.common.HttpError;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code GET /events}: validates the request, enforces per-user limits and scope, attaches the
 * browser to one shared stream per event type, and streams them multiplexed in one response.
 */
public final class SseEndpoint implements Handler<RoutingContext> {

  private static final String REQUEST_KEY = "dss.eventRequest";
  private static final String STATE_KEY = "dss.serviceState";

  private final Hub hub;
  private final SseConfig config;
  private final Function<RoutingContext, StreamUser> users;
  private final LoopGroups groups;
  private final DeviceAccess devices;
  private final Map<String, AtomicInteger> perUser = new ConcurrentHashMap<>();
  private volatile boolean draining;

  public SseEndpoint(
      Hub hub,
      SseConfig config,
      Function<RoutingContext, StreamUser> users,
      SseObserver observer,
      DeviceAccess devices) {
    this.hub = hub;
    this.config = config;
    this.users = users;
    this.groups = new LoopGroups(config, observer, hub, devices);
    this.devices = devices;
  }

  /**
   * The first step of {@code /events} after the credential: the query is checked (400/422) before
   * anything is asked of Ayla for this caller, and kept for {@link #handle}, which comes after it.
   */
  public void checkRequest(RoutingContext ctx) {
    ctx.put(
        REQUEST_KEY,
        EventRequest.parse(
            ctx.queryParams(), ctx.request().getHeader("Last-Event-ID"), config.maxFilterValues()));
    ctx.next();
  }

  /** The request {@link #checkRequest} read from the query. */
  public static EventRequest request(RoutingContext ctx) {
    return java.util.Objects.requireNonNull(
        ctx.get(REQUEST_KEY), "checkRequest runs first on /events");
  }

  /** For a request that asked for a snapshot: how to read what the device service says, once its streams are open. */
  public static void withState(
      RoutingContext ctx,
      java.util.function.Supplier<Future<io.dssgateway.hub.ServiceState>> state) {
    ctx.put(STATE_KEY, state);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (draining) {
      throw HttpError.shuttingDown("The gateway is shutting down; reconnect to another replica")
          .withHeader("Retry-After", "1");
    }
    if (ctx.response().closed()) {
      return; // the browser left while its credential or devices were checked: nothing to open,
      // nobody to answer
    }
    StreamUser user = users.apply(ctx);
    EventRequest request = request(ctx);
    String limitKey = user.limitKey();
    int userStreams =
        perUser
            .compute(
                limitKey,
                (k, v) -> {
                  AtomicInteger slots = v == null ? new AtomicInteger() : v;
                  slots.incrementAndGet();
                  return slots;
                })
            .get();
    if (userStreams > config.maxConnectionsPerUser()) {
      releaseSlot(limitKey);
      throw HttpError.tooManyConnections("Too many streams open for this user")
          .withHeader("Retry-After", String.valueOf(Math.max(1, config.retryMillis() / 1000)));
    }
    List<StreamKey> keys =
        request.types().stream()
            .map(t -> new StreamKey(user.scope(), t, request.filter()))
            .toList();
    LoopGroup group = groups.current();
    SseConnection connection =
        new SseConnection(
            ctx, user, request.filter(), request.snapshot(), config, groups.observer());
    Release release = new Release(group, connection, limitKey);
    ctx.response().closeHandler(v -> release.run());
    ctx.response().endHandler(v -> release.run());
    hub.attach(
        new Hub.Attach<>(
            keys,
            request.cursor(),
            group,
            connection,
            devices.visibleDevices(user.scope()),
            ctx.get(STATE_KEY),
            request.snapshotAlways()));
  }

  /** Frees one of a user's connection slots; the entry goes when the user has none left. */
  private void releaseSlot(String limitKey) {
    perUser.computeIfPresent(limitKey, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
  }

  /** Users with at least one open stream (the per-user table never outgrows them). */
  public int usersWithStreams() {
    return perUser.size();
  }

  /** A gateway session ended (logout, expiry, revoked on another replica): its streams end with {@code event: expired}. */
  public void endSession(String sessionId) {
    if (sessionId != null) {
      groups.endSession(sessionId);
    }
  }

  /** Shutdown: refuse new streams, end every open one with a jittered retry hint. */
  public Future<Void> drain() {
    draining = true;
    return groups.endAll(config);
  }

  /** Runs once per connection, on its event loop, whichever way it ended. */
  private final class Release implements Runnable {
    private final LoopGroup group;
    private final SseConnection connection;
    private final String limitKey;
    private boolean done;

    Release(LoopGroup group, SseConnection connection, String limitKey) {
      this.group = group;
      this.connection = connection;
      this.limitKey = limitKey;
    }

    @Override
    public void run() {
      if (done) {
        return;
      }
      done = true;
      releaseSlot(limitKey);
      group.remove(connection);
    }
  }
}
