package io.dssgateway.ops;

import io.dssgateway.common.Lifecycle;
import io.dssgateway.config.AppConfig;
import io.dssgateway.history.CollectorGroup;
import io.dssgateway.history.HistoryConfig;
import io.dssgateway.history.HistorySettings;
import io.dssgateway.history.HistoryStore;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.StreamTap;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of collected streams ({@code history.streams}): the Ayla session they run under (the
 * service session in service mode, else one signed in for the history account and kept by the
 * gateway), the database and files they are written to, and the collectors that read them below the
 * hub. Off (every method a no-op) when nothing is collected.
 */
final class HistoryModule implements Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryModule.class);

  private final Vertx vertx;
  private final AppConfig config;
  private final GatewayMetrics metrics;
  private final AylaClient ayla;
  private final AuthModule auth;
  private final int maxFilterValues;
  private CollectorGroup collectors;
  private HistoryMetrics historyMetrics;

  HistoryModule(
      Vertx vertx,
      AppConfig config,
      GatewayMetrics metrics,
      AylaClient ayla,
      AuthModule auth,
      int maxFilterValues) {
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.ayla = ayla;
    this.auth = auth;
    this.maxFilterValues = maxFilterValues;
  }

  @Override
  public Future<Void> start() {
    if (!CollectedStreams.configured(config)) {
      return Future.succeededFuture();
    }
    CollectedStreams.Account account = CollectedStreams.account(config);
    return session(account)
        .compose(
            session -> {
              historyMetrics = new HistoryMetrics(metrics.registry());
              String scope = auth.access().holdAccount(account.email(), session);
              collectors =
                  new CollectorGroup(
                      vertx,
                      HistoryConfig.from(config),
                      CollectedStreams.keys(
                          config.string(HistorySettings.STREAMS), scope, maxFilterValues),
                      historyMetrics);
              return collectors.init();
            });
  }

  private Future<AylaSession> session(CollectedStreams.Account account) {
    AylaSession service = auth.serviceSession();
    return service != null
        ? Future.succeededFuture(service)
        : ayla.openSession(account.email(), account.password());
  }

  /** The hub is up: the collected streams are held for good from now on. */
  void collect(Hub hub) {
    if (collectors != null) {
      collectors.start(hub);
      LOG.info("History: collecting {} stream(s) into {}", collectors.size(), collectors.where());
      historyMetrics.lag(collectors::lagBytes, collectors::lagEvents);
    }
  }

  @Override
  public Future<Void> stop() {
    return collectors == null ? Future.succeededFuture() : collectors.close();
  }

  StreamTap.Registry taps() {
    return collectors == null ? StreamTap.Registry.NONE : collectors;
  }

  UpstreamProvider.ResumeFloor resumeFloor() {
    return collectors == null ? UpstreamProvider.ResumeFloor.NONE : collectors;
  }

  /** The store {@code /api/history} reads, or null when nothing is collected. */
  HistoryStore store() {
    return collectors == null ? null : collectors.store();
  }
}
