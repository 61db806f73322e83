package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exactly-once delivery across browser reconnects, upstream disconnects and multiplexed cursors. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResumeTest extends GatewayTestBase {

  /**
   * The browser reconnects to the stream it left, so the stream must outlive the reconnect: with
   * the tests' 300 ms linger a busy machine restarted it in between (a stream_restarted gap).
   */
  private static final Map<String, String> LINGER_THROUGH_RECONNECT =
      Map.of("hub.linger-ms", "60000");

  @Test
  void browserReconnectingWithLastEventIdDuringBurstGetsEveryEventExactlyOnce(Vertx vertx) {
    gw = TestGateway.start(vertx, LINGER_THROUGH_RECONNECT);
    String token = gw.loginDemo();
    SseClient first = gw.openStream(LED, token, null);

    Future<JsonObject> p1 = gw.publishAsync(LED_DSN, "Blue_button", range(0, 1000));
    Future<JsonObject> p2 = gw.publishAsync(LED_DSN, "Blue_button", range(1000, 2000));
    first.awaitEvents("datapoint", 700);
    first.close().await();
    String cursor = first.lastEventId();
    Future.all(p1, p2).await();
    gw.publish(LED_DSN, "Blue_button", range(2000, 3000));

    SseClient second = gw.openStream(LED, token, cursor);
    Future<JsonObject> p4 = gw.publishAsync(LED_DSN, "Blue_button", range(3000, 4000));
    Future<JsonObject> p5 = gw.publishAsync(LED_DSN, "Blue_button", range(4000, 5000));
    Future.all(p4, p5).await();
    int missed = 5000 - first.countOf("datapoint");
    second.awaitEvents("datapoint", missed);

    List<Object> values = new ArrayList<>();
    first.events("datapoint").forEach(e -> values.add(e.value()));
    second.events("datapoint").forEach(e -> values.add(e.value()));
    assertThat(values).containsExactlyElementsOf(range(0, 5000));
    assertThat(second.events("gap")).isEmpty();
    assertThat(first.events().get(first.events().size() - 1).id()).isEqualTo(cursor);
  }

  @Test
  void streamSurvivesUpstreamDisconnectMidBurstWithNoGapAndNoDuplicate(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient browser = gw.openStream(LED, token, null);

    Future<JsonObject> p1 = gw.publishAsync(LED_DSN, "Blue_button", range(0, 1000));
    Future<JsonObject> p2 = gw.publishAsync(LED_DSN, "Blue_button", range(1000, 2000));
    browser.awaitEvents("datapoint", 300);
    gw.dropUpstreamSockets();
    Future.all(p1, p2).await();
    gw.publish(LED_DSN, "Blue_button", range(2000, 3000));

    browser.awaitEvents("datapoint", 3000);
    assertThat(browser.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactlyElementsOf(range(0, 3000));
    assertThat(browser.events("gap")).isEmpty();
    assertThat(browser.hasEnded()).isFalse();
    JsonObject stream = gw.streams(token).getJsonObject(0);
    assertThat(stream.getJsonObject("upstream").getLong("reconnects")).isGreaterThanOrEqualTo(1);
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("the same subscription, resumed")
        .isEqualTo(1);
  }

  @Test
  void twoTypesMultiplexedInOneConnectionAndTheCursorResumesBoth(Vertx vertx) {
    gw = TestGateway.start(vertx, LINGER_THROUGH_RECONNECT);
    String token = gw.loginDemo();
    String query = "subscription_type=connectivity,datapoint&dsn=" + LED_DSN;
    SseClient first = gw.openStream(query, token, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 3));
    gw.connectivity(LED_DSN, "Offline");
    first.await(
        c -> c.countOf("datapoint") == 3 && c.countOf("connectivity") == 1, Duration.ofSeconds(10));
    assertThat(first.lastEventId()).matches("\\d+:\\d+,\\d+:\\d+");
    assertThat(gw.simStats().getInteger("subscriptions")).isEqualTo(2);
    first.close().await();

    gw.connectivity(LED_DSN, "Online");
    gw.publish(LED_DSN, "Blue_button", range(3, 6));
    gw.connectivity(LED_DSN, "Offline");
    SseClient second = gw.openStream(query, token, first.lastEventId());
    second.await(
        c -> c.countOf("datapoint") == 3 && c.countOf("connectivity") == 2, Duration.ofSeconds(10));

    assertThat(second.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactly(3, 4, 5);
    assertThat(
            second.events("connectivity").stream()
                .map(e -> e.json().getJsonObject("connection").getString("status"))
                .toList())
        .containsExactly("Online", "Offline");
    assertThat(second.events("gap")).isEmpty();
    gw.publish(LED_DSN, "Blue_button", range(6, 7));
    second.awaitEvents("datapoint", 4);
    assertThat(second.events()).hasSize(6);
  }

  @Test
  void resumingFromEvictedHistorySaysSoWithGapEventBeforeContinuing(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("hub.replay-events", "10", "hub.linger-ms", "60000"));
    String token = gw.loginDemo();
    SseClient first = gw.openStream(LED, token, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 5));
    first.awaitEvents("datapoint", 5).close().await();
    gw.publish(LED_DSN, "Blue_button", range(5, 50));

    SseClient second = gw.openStream(LED, token, first.lastEventId());
    second.awaitEvents("datapoint", 10);
    SseClient.Event gap = second.events().get(0);
    assertThat(gap.type()).isEqualTo("gap");
    assertThat(gap.json().getString("reason")).isEqualTo("evicted");
    long lastSeen = first.events("datapoint").get(4).seq();
    assertThat(gap.json().getLong("from_seq")).isEqualTo(lastSeen + 1);
    assertThat(gap.json().getLong("to_seq")).isEqualTo(lastSeen + 35);
    assertThat(second.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactlyElementsOf(range(40, 50));
  }

  @Test
  void cursorOfAnotherStreamGivesGapEventThenLiveEvents(Vertx vertx) {
    // planned exactly, the two devices' filters get streams of their own
    gw = TestGateway.start(vertx, java.util.Map.of("hub.plan", "exact"));
    String token = gw.loginDemo();
    SseClient other =
        gw.openStream("subscription_type=datapoint&dsn=" + TestGateway.LINUX_DSN, token, null);
    gw.publish(TestGateway.LINUX_DSN, "Blue_button", range(0, 2));
    other.awaitEvents("datapoint", 2);

    SseClient led = gw.openStream(LED, token, other.lastEventId());
    gw.publish(LED_DSN, "Blue_button", range(0, 1));
    led.awaitEvents("datapoint", 1);
    assertThat(led.events().get(0).type()).isEqualTo("gap");
    assertThat(led.events().get(0).json().getString("reason")).isEqualTo("stream_restarted");
    assertThat(led.events().get(1).value()).isEqualTo(0);
  }
}
