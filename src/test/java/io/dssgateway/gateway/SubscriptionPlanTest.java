package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.FREEZER_DSN;
import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.dssgateway.ops.Application;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wide planner against the real simulator: browsers of different devices and filters share one
 * Ayla subscription per event type, and a narrow stream from before an upgrade hands its browser
 * over to the planned one while events flow, with nothing lost or repeated.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscriptionPlanTest extends GatewayTestBase {

  private static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;

  @Test
  void browsersOfDifferentDevicesAndFiltersShareOneSubscriptionPerTypeAndGetOnlyTheirOwn(
      Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient led = gw.openStream(LED, token, null);
    SseClient linux =
        gw.openStream(
            "subscription_type=datapoint&dsn=" + LINUX_DSN + "&property_name=Blue_button",
            token,
            null);
    SseClient freezer =
        gw.openStream("subscription_type=datapoint,connectivity&dsn=" + FREEZER_DSN, token, null);
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("one per event type asked for, over the user's devices")
        .isEqualTo(2);

    gw.publish(LED_DSN, "Blue_button", range(0, 3));
    gw.publish(LINUX_DSN, "Blue_button", range(10, 12));
    gw.publish(FREEZER_DSN, "max_temp", List.of(-18));
    led.awaitEvents("datapoint", 3);
    linux.awaitEvents("datapoint", 2);
    freezer.awaitEvents("datapoint", 1);
    gw.publish(LED_DSN, "Blue_button", List.of(3)); // after the others: each has had its own
    led.awaitEvents("datapoint", 4);

    assertThat(values(led)).containsExactlyElementsOf(range(0, 4));
    assertThat(values(linux)).containsExactlyElementsOf(range(10, 12));
    assertThat(values(freezer)).containsExactly(-18);
  }

  @Test
  void aNarrowStreamResumedAfterAnUpgradeMovesItsBrowserOntoThePlannedStreamLosingNothing(
      Vertx vertx, @TempDir Path dir) {
    Application simulator = TestGateway.startSimulator(vertx);
    Map<String, String> exact = new HashMap<>();
    exact.put("hub.store-path", dir.resolve("gateway").toString());
    exact.put("hub.linger-ms", "60000");
    exact.put("hub.plan", "exact");
    Map<String, String> wide = new HashMap<>(exact);
    wide.put("hub.plan", "wide");
    try {
      TestGateway before = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), exact);
      String token = before.loginDemo();
      SseClient browser = before.openStream(LED, token, null);
      before.publish(LED_DSN, "Blue_button", range(0, 10));
      browser.awaitEvents("datapoint", 10);
      String cursor = browser.lastEventId();
      before.shutdownGateway();
      browser.awaitEnd(Duration.ofSeconds(5));
      before.publish(LED_DSN, "Blue_button", range(10, 20));

      TestGateway after = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), wide);
      try {
        SseClient resumed = after.openStream(LED, token, cursor);
        resumed.awaitEvents("datapoint", 10);
        // events keep coming while the planned stream opens and the browser moves onto it
        int[] next = {20};
        Eventually.until(
            "the browser moved onto the planned stream",
            Duration.ofSeconds(20),
            () -> {
              after.publish(LED_DSN, "Blue_button", range(next[0], next[0] + 3));
              next[0] += 3;
              return browsersOn(after, token, false) == 0 && browsersOn(after, token, true) == 1;
            });
        after.publish(LED_DSN, "Blue_button", range(next[0], next[0] + 3));
        next[0] += 3;
        resumed.awaitEvents("datapoint", next[0] - 10);

        List<Object> values = new ArrayList<>();
        browser.events("datapoint").forEach(e -> values.add(e.value()));
        resumed.events("datapoint").forEach(e -> values.add(e.value()));
        assertThat(values).containsExactlyElementsOf(range(0, next[0]));
        assertThat(resumed.events("gap")).isEmpty();

        // its cursor now names the planned stream, and resumes there exactly
        String moved = resumed.lastEventId();
        resumed.close();
        after.publish(LED_DSN, "Blue_button", range(next[0], next[0] + 2));
        SseClient again = after.openStream(LED, token, moved);
        again.awaitEvents("datapoint", 2);
        assertThat(again.events("datapoint").stream().map(SseClient.Event::value).toList())
            .containsExactlyElementsOf(range(next[0], next[0] + 2));
        assertThat(again.events("gap")).isEmpty();
      } finally {
        after.stop();
        before.stop();
      }
    } finally {
      simulator.shutdown().await();
    }
  }

  private static List<Object> values(SseClient browser) {
    return browser.events("datapoint").stream().map(SseClient.Event::value).toList();
  }

  /** Browsers on the user-wide stream ({@code wide}) or on the narrow one of the LED board. */
  private static int browsersOn(TestGateway gw, String token, boolean wide) {
    JsonArray streams = gw.streams(token);
    for (Object o : streams) {
      JsonObject s = (JsonObject) o;
      boolean isWide = s.getString("dsn").contains(",");
      if (isWide == wide && s.getString("subscription_type").equals("datapoint")) {
        return s.getInteger("browsers");
      }
    }
    return -1;
  }
}
