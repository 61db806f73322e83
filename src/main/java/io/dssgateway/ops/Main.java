package io.dssgateway.ops;

import io.dssgateway.config.ConfigLoader;
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
    Vertx vertx = metrics.vertxBuilder(new VertxOptions()).build();
    ConfigLoader.load(vertx, GatewaySettings.CATALOGUE)
        .compose(config -> new Application(vertx, config, metrics).start())
        .onSuccess(app -> {
          app.gracefulShutdown().installShutdownHook();
          app.banner().forEach(System.out::println);
        })
        .onFailure(err -> {
          LOG.error("Start-up failed: {}", err.getMessage());
          vertx.close();
          System.exit(1);
        });
  }
}
