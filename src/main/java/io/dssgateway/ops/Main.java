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

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && "simulator".equals(args[0])) {
      System.setProperty(OpsSettings.ROLE.propertyName(), "simulator");
    }
    GatewayMetrics metrics = new GatewayMetrics();
    AppConfig config;
    Vertx boot = Vertx.vertx(); // only reads the configuration, which says whether to cluster
    try {
      // Awaited here, not chained: callbacks of boot's futures would run on its event loops, gone once it is closed.
      config = ConfigLoader.load(boot, GatewaySettings.CATALOGUE).await();
    } catch (Exception e) {
      LOG.error("Start-up failed: {}", e.getMessage());
      System.exit(1);
      return;
    } finally {
      boot.close().await();
    }
    Future.succeededFuture(config).compose(c -> vertx(c, metrics)) // a bad cluster.* value fails the future
        .compose(vertx -> new Application(vertx, config, metrics).start().onFailure(err -> vertx.close()))
        .onSuccess(app -> {
          app.gracefulShutdown().installShutdownHook();
          app.banner().forEach(System.out::println);
        })
        .onFailure(err -> {
          LOG.error("Start-up failed: {}", err.getMessage());
          System.exit(1);
        });
  }

  /** A plain Vert.x, or with {@code cluster.enabled} one clustered on Hazelcast. */
  static Future<Vertx> vertx(AppConfig config, GatewayMetrics metrics) {
    ClusterConfig cluster = ClusterConfig.from(config);
    if (!cluster.enabled()) {
      return Future.succeededFuture(metrics.vertxBuilder(new VertxOptions()).build());
    }
    try {
      return metrics.vertxBuilder(HazelcastSetup.withEventBus(new VertxOptions(), cluster))
          .withClusterManager(HazelcastSetup.clusterManager(cluster))
          .buildClustered();
    } catch (java.io.IOException e) {
      return Future.failedFuture(e);
    }
  }
}
