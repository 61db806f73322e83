package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code dss_events_out_total{type}} counts every event written to a browser under that event's own type. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventsOutMetricTest extends GatewayTestBase {

  private static final String BOTH_TYPES =
      "subscription_type=connectivity,datapoint&dsn=" + LED_DSN;

  @Test
  void aBatchOfTwoTypesIsCountedUnderEachType(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("hub.linger-ms", "60000"));
    String token = gw.loginDemo();
    SseClient first = gw.openStream(BOTH_TYPES, token, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 3));
    gw.connectivity(LED_DSN, "Offline");
    first.await(
        c -> c.countOf("datapoint") == 3 && c.countOf("connectivity") == 1, Duration.ofSeconds(10));
    first.close().await();

    // Resuming, the browser gets what it missed of both streams as one replay, written in one
    // batch.
    gw.connectivity(LED_DSN, "Online");
    gw.publish(LED_DSN, "Blue_button", range(3, 6));
    gw.connectivity(LED_DSN, "Offline");
    SseClient second = gw.openStream(BOTH_TYPES, token, first.lastEventId());
    second.await(
        c -> c.countOf("datapoint") == 3 && c.countOf("connectivity") == 2, Duration.ofSeconds(10));

    Eventually.until(
        "6 datapoint and 3 connectivity events counted out",
        Duration.ofSeconds(5),
        () -> eventsOut("datapoint") == 6 && eventsOut("connectivity") == 3);
    assertThat(eventsOut("datapoint")).isEqualTo(6);
    assertThat(eventsOut("connectivity")).isEqualTo(3);
  }

  private double eventsOut(String type) {
    String prefix = "dss_events_out_total{type=\"" + type + "\"} ";
    return gw.get("/metrics", null)
        .bodyAsString()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
        .findFirst()
        .orElse(-1);
  }
}
