package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.auth.LogCapture;
import io.dssgateway.ops.GatewayMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start-up warm-up ({@code http.warmup-requests}): it runs before {@code start()} completes and
 * leaves no trace in the access log, in Vert.x's HTTP metrics, at Ayla or in the hub.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WarmupTest {

  @Test
  void theWarmupRunsAtStartAndLeavesNoTrace() {
    GatewayMetrics metrics = new GatewayMetrics();
    Vertx vertx = metrics.vertxBuilder(new VertxOptions()).build();
    try (LogCapture logs = new LogCapture()) {
      TestGateway gw =
          TestGateway.start(
              vertx, Map.of("http.warmup-requests", "40", "log.access", "true"), metrics);
      try {
        assertThat(logs.lines())
            .as("log at start")
            .anyMatch(l -> l.startsWith("Warm-up: 40 requests to itself"))
            .noneMatch(l -> l.contains("warm-up!"))
            .noneMatch(l -> l.contains("eyJ"));

        String token = gw.loginDemo();
        gw.openStream("subscription_type=datapoint&dsn=" + TestGateway.LED_DSN, token, null)
            .close()
            .await();
        gw.get("/health/live", null);
        String scrape = gw.get("/metrics", null).bodyAsString();
        assertThat(scrape)
            .as("Vert.x's HTTP meters count the gateway's own requests")
            .contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\"}")
            .doesNotContain("code=\"422\"");
        assertThat(gw.simStats().getLong("device_lists"))
            .as("device lists: only the demo user's stream")
            .isEqualTo(1);
        assertThat(gw.simStats().getLong("subscriptions"))
            .as("Ayla subscriptions: only the demo user's stream")
            .isEqualTo(1);
        assertThat(logs.lines())
            .as("access log")
            .noneMatch(l -> l.contains("warm-up!"))
            .anyMatch(l -> l.startsWith("GET /health/live 200"));
      } finally {
        gw.stop();
      }
    } finally {
      vertx.close().await();
    }
  }
}
