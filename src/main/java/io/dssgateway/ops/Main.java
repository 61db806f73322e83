package io.dssgateway.ops;

import io.dssgateway.cluster.ClusterConfig;
import io.dssgateway.cluster.HazelcastSetup;
import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point. {@code java -jar dss-gateway.jar [simulator]} — the optional argument runs only the
 * simulator (same as {@code DSS_ROLE=simulator}).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && "simulator".equals(args[0])) {
      System.setProperty(OpsSettings.ROLE.propertyName(), "simulator");
    }
    GatewayMetrics metrics = new GatewayMetrics();
    AppConfig config;
    Vertx boot = Vertx.vertx(); // only reads the configuration, which says whether to cluster
    try {
      config = ConfigLoader.load(boot, GatewaySettings.CATALOGUE).await();
    } catch (RuntimeException e) {
      LOG.error("Start-up failed: {}", e.getMessage());
      System.exit(1);
      return;
    } finally {
      boot.close().await();
    }
    vertx(config, metrics)
        .onSuccess(Main::logTransport)
        .compose(
            vertx ->
                new Application(vertx, config, metrics).start().onFailure(err -> vertx.close()))
        .onSuccess(
            app -> {
              app.gracefulShutdown().installShutdownHook();
              app.banner().forEach(System.out::println);
            })
        .onFailure(
            err -> {
              LOG.error("Start-up failed: {}", err.getMessage());
              System.exit(1);
            });
  }

  /**
   * One event loop per core (Vert.x defaults to two): the hub, the simulator and the HTTP servers
   * then share loops instead of handing every event between more threads than there are cores.
   */
  private static VertxOptions options() {
    return new VertxOptions()
        .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
        .setPreferNativeTransport(true);
  }

  /** Netty's native epoll transport where it loads (Linux x86-64): fewer syscalls and less garbage per socket. */
  private static void logTransport(Vertx vertx) {
    if (vertx.isNativeTransportEnabled()) {
      LOG.info("Network transport: native epoll");
    } else {
      LOG.warn(
          "Network transport: Java NIO, the native one did not load here ({})",
          String.valueOf(vertx.unavailableNativeTransportCause()));
    }
  }

  /** A plain Vert.x, or with {@code cluster.enabled} one clustered on Hazelcast. */
  static Future<Vertx> vertx(AppConfig config, GatewayMetrics metrics) {
    ClusterConfig cluster = ClusterConfig.from(config);
    if (!cluster.enabled()) {
      return Future.succeededFuture(metrics.vertxBuilder(options()).build());
    }
    try {
      return metrics
          .vertxBuilder(HazelcastSetup.withEventBus(options(), cluster))
          .withClusterManager(HazelcastSetup.clusterManager(cluster))
          .buildClustered();
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
  }
}
