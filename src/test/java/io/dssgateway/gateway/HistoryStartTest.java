package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.auth.LogCapture;
import io.dssgateway.config.ConfigError;
import io.dssgateway.ops.Application;
import io.dssgateway.ops.GatewayMetrics;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A history the gateway cannot use stops its start with a message that says why (and never a
 * password); one it can use starts quietly, its pool's meters apart from the stream store's.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryStartTest {

  private static Map<String, String> settings(String databaseUrl) {
    Map<String, String> s =
        new HashMap<>(
            Map.of(
                "http.port",
                "0",
                "http.host",
                "127.0.0.1",
                "sim.port",
                "0",
                "hub.store-path",
                "mem",
                "history.streams",
                "subscription_type=datapoint&dsn=AC000W000340649",
                "history.database-url",
                databaseUrl));
    s.put("history.database-password", "s3cret-not-logged");
    return s;
  }

  @Test
  void anUnreachableDatabaseStopsTheStartSayingWhichOne(Vertx vertx) {
    Application app =
        new Application(
            vertx, GatewaySettings.config(settings("postgresql://history@127.0.0.1:1/dss")));
    assertThatThrownBy(() -> app.start().await())
        .hasMessageContaining("history database (PostgreSQL 127.0.0.1:1/dss) is not usable")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
    app.shutdown().await();
  }

  @Test
  void aStartWithHistoryRegistersEachPoolsSqlMetersOnce() {
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = metrics.vertxBuilder(new VertxOptions()).build();
    try (LogCapture logs = new LogCapture()) {
      TestGateway gw =
          TestGateway.start(
              vertx,
              Map.of(
                  "history.streams",
                  "subscription_type=datapoint&dsn=" + TestGateway.LED_DSN,
                  "history.database-url",
                  "mem"),
              metrics);
      try {
        String token = gw.loginDemo();
        HistoryFixture.awaitCollecting(gw, token);
        String scrape = gw.get("/metrics", null).bodyAsString();
        assertThat(scrape)
            .containsPattern("(?m)^vertx_sql_processing_pending\\{[^}]*\"gateway-db\"[^}]*} ")
            .containsPattern("(?m)^vertx_sql_processing_pending\\{[^}]*\"history-db\"[^}]*} ");
        assertThat(logs.lines()).noneMatch(l -> l.contains("already registered"));
      } finally {
        gw.stop();
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void aPasswordInTheUrlIsRefused(Vertx vertx) {
    Application app =
        new Application(
            vertx, GatewaySettings.config(settings("postgresql://history:pw@127.0.0.1:5432/dss")));
    assertThatThrownBy(() -> app.start().await())
        .isInstanceOf(ConfigError.class)
        .hasMessageContaining("DSS_HISTORY_DATABASE_PASSWORD")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(":pw@"));
    app.shutdown().await();
  }
}
