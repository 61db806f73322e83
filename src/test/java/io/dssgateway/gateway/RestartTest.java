package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.ops.Application;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A restarted gateway (same H2 store, same simulator) resumes its upstream subscriptions from the last seq. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestartTest {

  private static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;

  @Test
  void restartedGatewayResumesUpstreamFromLastSeqAndBrowserGetsEventsPublishedWhileDownExactlyOnce(
      Vertx vertx, @TempDir Path dir) {
    Application simulator = TestGateway.startSimulator(vertx);
    Map<String, String> settings =
        Map.of("hub.store-path", dir.resolve("gateway").toString(), "hub.linger-ms", "60000");
    try {
      TestGateway before = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
      String token = before.loginDemo();
      SseClient browser = before.openStream(LED, token, null);
      before.publish(LED_DSN, "Blue_button", range(0, 10));
      browser.awaitEvents("datapoint", 10);
      String cursor = browser.lastEventId();
      long subscriptionId = before.streams(token).getJsonObject(0).getLong("subscription_id");

      before.shutdownGateway();
      browser.awaitEnd(Duration.ofSeconds(5));
      assertThat(browser.events().get(browser.events().size() - 1).type()).isEqualTo("shutdown");
      assertThat(before.simStats().getInteger("subscriptions"))
          .as("kept for the restart")
          .isEqualTo(1);
      assertThat(before.simStats().getInteger("open_sockets")).isZero();
      before.publish(LED_DSN, "Blue_button", range(10, 20));

      TestGateway after = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
      try {
        SseClient resumed = after.openStream(LED, token, cursor);
        after.publish(LED_DSN, "Blue_button", range(20, 25));
        resumed.awaitEvents("datapoint", 15);

        List<Object> values = new ArrayList<>();
        browser.events("datapoint").forEach(e -> values.add(e.value()));
        resumed.events("datapoint").forEach(e -> values.add(e.value()));
        assertThat(values).containsExactlyElementsOf(range(0, 25));
        assertThat(resumed.events("gap")).isEmpty();
        assertThat(after.streams(token).getJsonObject(0).getLong("subscription_id"))
            .isEqualTo(subscriptionId);
        assertThat(after.simStats().getInteger("subscriptions"))
            .as("no new upstream subscription")
            .isEqualTo(1);
        assertThat(after.simStats().getInteger("open_sockets")).isEqualTo(1);
      } finally {
        after.stop();
        before.stop();
      }
    } finally {
      simulator.shutdown().await();
    }
  }
}
