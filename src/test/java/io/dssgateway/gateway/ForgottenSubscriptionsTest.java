package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.dssgateway.auth.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo restarted: the gateway's data directory remembers subscriptions, stream keys and Ayla
 * sessions that the fresh embedded simulator never issued. The resumed streams are recreated at
 * once, the collected ones open without a reconnect backoff, and nothing is logged as an error.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForgottenSubscriptionsTest {

  private static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;
  private static final String COLLECTED =
      "subscription_type=datapoint&oem_model=ledevb&dsn=*;subscription_type=connectivity&dsn="
          + LED_DSN;
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @Test
  void aRestartWithAFreshSimulatorRecreatesTheForgottenSubscriptionsAtOnceAndLogsNoError(
      Vertx vertx, @TempDir Path dir) {
    Map<String, String> settings = TestGateway.withOthersBoard(dir);
    settings.putAll(
        Map.of(
            "hub.store-path",
            dir.resolve("gateway").toString(),
            "hub.linger-ms",
            "60000",
            "history.streams",
            COLLECTED,
            "history.database-url",
            dir.resolve("history").toString()));
    TestGateway before = TestGateway.start(vertx, settings);
    String demo = before.loginDemo();
    String other = before.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    try {
      awaitCollectedLive(before, demo, Duration.ofSeconds(20));
      SseClient browser = before.openStream(LED, demo, null);
      before.openStream(
          "subscription_type=connectivity&dsn=" + TestGateway.OTHERS_DSN, other, null);
      before.publish(LED_DSN, "Blue_button", range(0, 3));
      browser.awaitEvents("datapoint", 3);
    } finally {
      before.stop(); // the embedded simulator goes with it, and everything it knew
    }

    try (LogCapture logs = new LogCapture()) {
      long started = System.nanoTime();
      TestGateway after = TestGateway.start(vertx, settings);
      try {
        awaitCollectedLive(after, demo, PROMPTLY.minusNanos(System.nanoTime() - started));

        // the browser's Ayla session of before is gone with the simulator: its page signs in again
        SseClient returning = after.openStream(LED, after.loginDemo(), null);
        after.publish(LED_DSN, "Blue_button", range(3, 6));
        returning.awaitEvents("datapoint", 3);

        String otherAgain =
            after.login(
                TestGateway.OTHER,
                TestGateway.OTHER_PASSWORD); // its Ayla session of before is gone
        after.openStream(
            "subscription_type=connectivity&dsn=" + TestGateway.OTHERS_DSN, otherAgain, null);

        assertThat(logs.linesAtLeast(Level.ERROR)).as("errors logged after the restart").isEmpty();
        assertThat(logs.lines()).as("a stack trace").noneMatch(l -> l.contains("\tat "));
        assertThat(logs.linesAtLeast(Level.WARN))
            .as("one warning per forgotten subscription (3 of demo, 1 of other)")
            .filteredOn(l -> l.contains("recreating it"))
            .hasSize(4);
        assertThat(logs.linesAtLeast(Level.WARN)).noneMatch(l -> l.contains("Connection evicted"));
      } finally {
        after.stop();
      }
    }
  }

  /** Both collected streams are live, as their scope's {@code /api/streams} shows them. */
  private static void awaitCollectedLive(TestGateway gw, String token, Duration deadline) {
    io.dssgateway.Eventually.until(
        "both collected streams live",
        deadline,
        () -> {
          List<JsonObject> collected =
              gw.streams(token).stream()
                  .map(JsonObject.class::cast)
                  .filter(s -> s.getBoolean("collected", false))
                  .toList();
          return collected.size() == 2
              && collected.stream().allMatch(s -> "live".equals(s.getString("state")));
        });
  }
}
