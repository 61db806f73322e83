package io.dssgateway.ops;

import io.dssgateway.api.UserDevices;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.cluster.ClusteredUpstreams;
import io.dssgateway.common.Lifecycle;
import io.dssgateway.config.AppConfig;
import io.dssgateway.holder.AylaSubscriptions;
import io.dssgateway.holder.JdbcStreamStore;
import io.dssgateway.holder.LocalUpstreams;
import io.dssgateway.holder.StreamStore;
import io.dssgateway.holder.UpstreamFactory;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.HubConfig;
import io.dssgateway.hub.HubStream;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.sse.SseConfig;
import io.dssgateway.sse.SseEndpoint;
import io.dssgateway.sse.SseEventFormat;
import io.dssgateway.upstream.AylaEndpoints;
import io.dssgateway.upstream.StreamConfig;
import io.dssgateway.upstream.UpstreamSettings;
import io.dssgateway.upstream.UpstreamStream;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * From Ayla's sockets to the browsers: who holds each upstream stream (this process, recording its
 * subscriptions in the store, or one member of the cluster), the hub that shares them, each user's
 * device list, and the SSE endpoint. Stopping closes the sockets and keeps the subscriptions for the
 * next start.
 */
final class StreamingModule implements Lifecycle {

  private static final long PURGE_MILLIS = 1000;

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final StoreModule store;
  private final HubConfig hubConfig;
  private final SseConfig sseConfig;
  private final StreamStore streams;
  private final UpstreamFactory upstreams;
  private final AuthModule auth;
  private final HistoryModule history;
  private Hub hub;
  private UserDevices devices;
  private SseEndpoint sse;
  private long purgeTimer = -1;

  StreamingModule(
      Vertx vertx,
      AppConfig config,
      GatewayMetrics metrics,
      AylaEndpoints endpoints,
      StoreModule store,
      AuthModule auth,
      HistoryModule history) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.store = store;
    this.auth = auth;
    this.history = history;
    this.hubConfig = HubConfig.from(config);
    this.sseConfig = SseConfig.from(config);
    this.streams = new JdbcStreamStore(store.pool(), store.box());
    this.upstreams =
        new UpstreamFactory(
            vertx,
            UpstreamStream.newWebSocketClient(vertx),
            endpoints.dssWsUrl(),
            config.string(UpstreamSettings.CLIENT_TYPE),
            StreamConfig.from(config));
  }

  @Override
  public Future<Void> start() {
    MetricsObserver observer = new MetricsObserver(metrics);
    AylaSubscriptions subscriptions = new AylaSubscriptions(upstreams, auth.access()::sessionsFor);
    UpstreamProvider provider;
    if (vertx.isClustered()) {
      ClusteredUpstreams clustered =
          new ClusteredUpstreams(
              vertx,
              upstreams,
              subscriptions,
              store.box(),
              hubConfig.replayEvents(),
              hubConfig.replayBytes(),
              observer);
      metrics.streamsHeld(clustered::heldHere);
      provider = clustered;
    } else {
      provider =
          new LocalUpstreams(
              vertx,
              upstreams,
              subscriptions,
              streams,
              hubConfig.replayEvents(),
              history.resumeFloor());
    }
    hub = new Hub(provider, hubConfig, observer, new SseEventFormat(), history.taps());
    devices = new UserDevices(auth.access());
    sse =
        new SseEndpoint(
            hub,
            sseConfig,
            ctx -> auth.access().streamUser(CredentialHandler.principal(ctx)),
            observer,
            devices);
    auth.sessions()
        .onEnded(sse::endSession); // logout, expiry, revocation on another replica: the session's
    // streams end
    return streams
        .init()
        .compose(v -> store.restrictFiles())
        .compose(v -> vertx.deployVerticle(hub))
        .map(
            id -> {
              Gauge.builder("dss.sse.users", sse, SseEndpoint::usersWithStreams)
                  .description("Users with at least one open SSE connection")
                  .register(metrics.registry());
              metrics.replay(hub::replayBytes, hub::replayTrimmedEvents);
              for (HubStream.State state : HubStream.State.values()) {
                metrics.upstreamStreams(state.name().toLowerCase(), () -> hub.countIn(state));
              }
              purgeTimer = vertx.setPeriodic(PURGE_MILLIS, t -> devices.purgeIdle());
              return null;
            });
  }

  /** Ends every open SSE stream with a jittered retry hint (new ones are refused from now on). */
  Future<Void> drain() {
    return sse == null ? Future.succeededFuture() : sse.drain();
  }

  @Override
  public Future<Void> stop() {
    if (purgeTimer >= 0) {
      vertx.cancelTimer(purgeTimer);
    }
    return hub == null ? Future.succeededFuture() : hub.close();
  }

  Hub hub() {
    return hub;
  }

  SseEndpoint sse() {
    return sse;
  }

  UserDevices devices() {
    return devices;
  }

  int maxFilterValues() {
    return sseConfig.maxFilterValues();
  }
}
