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

/**
 * {@code snapshot=true}: the state of the browser's devices first, then the live events, with
 * nothing lost and nothing taken twice between them; again after a loss; and the upstream's health.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SnapshotTest extends GatewayTestBase {

  private static final String LED_STATE = LED + "&snapshot=true";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static JsonObject device(SseClient.Event snapshot) {
    assertThat(snapshot.type()).isEqualTo("snapshot");
    assertThat(snapshot.json().getJsonArray("devices")).hasSize(1);
    return snapshot.json().getJsonArray("devices").getJsonObject(0);
  }

  private static Object blueButton(SseClient.Event snapshot) {
    return device(snapshot)
        .getJsonObject("properties")
        .getJsonObject("Blue_button")
        .getValue("value");
  }

  private long subscriptionId(String token) {
    return gw.streams(token).getJsonObject(0).getLong("subscription_id");
  }

  private static List<Object> values(List<SseClient.Event> events) {
    return events.stream().filter(e -> e.type().equals("datapoint")).map(e -> e.value()).toList();
  }

  @Test
  void aValueSetBeforeAnyBrowserSubscribedIsInTheFirstSnapshotThenLiveEventsFollow(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    gw.publish(LED_DSN, "Blue_button", List.of(7));

    SseClient browser = gw.openStream(LED_STATE, token, null).awaitEvents("snapshot", 1);
    SseClient.Event snapshot = browser.events().get(0);
    JsonObject device = device(snapshot);
    assertThat(device.getString("dsn")).isEqualTo(LED_DSN);
    assertThat(device.getString("oem_model")).isNotBlank();
    assertThat(blueButton(snapshot)).isEqualTo(7);
    assertThat(
            device.getJsonObject("properties").getJsonObject("Blue_button").getString("updated_at"))
        .isNotBlank();
    assertThat(snapshot.json().getBoolean("complete")).isTrue();
    long subscriptionId = gw.streams(token).getJsonObject(0).getLong("subscription_id");
    assertThat(snapshot.id()).startsWith(subscriptionId + ":");

    gw.publish(LED_DSN, "Blue_button", range(8, 10));
    browser.awaitEvents("datapoint", 2);
    assertThat(browser.events())
        .extracting(SseClient.Event::type)
        .containsExactly("snapshot", "datapoint", "datapoint");
    assertThat(values(browser.events())).containsExactly(8, 9);
  }

  /** Whatever the race between the device service, the stream and the join: each value once, in order, the last one last. */
  @Test
  void valuesSetWhileSnapshotsAreBuiltAppearExactlyOnceAndInOrder(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    int last = 0;
    for (int round = 0; round < 4; round++) {
      int from = 1000 * (round + 1);
      last = from + 999;
      Future<JsonObject> publishing =
          gw.publishAsync(LED_DSN, "Blue_button", range(from, last + 1));
      SseClient browser = gw.openStream(LED_STATE, token, null).awaitEvents("snapshot", 1);
      publishing.await();
      int expectedLast = last;
      browser.await(
          c ->
              values(c.events()).contains(expectedLast)
                  || blueButton(c.events().get(0)).equals(expectedLast),
          WAIT);
      int seen = (Integer) blueButton(browser.events().get(0));
      List<Object> live = values(browser.events());
      List<Object> expected = new ArrayList<>();
      for (int v = Math.max(seen + 1, from); v <= last; v++) {
        expected.add(v);
      }
      assertThat(live).as("round %d, snapshot at %d", round, seen).isEqualTo(expected);
      browser.close().await();
    }
  }

  @Test
  void aResumeThatLostEventsGetsTheGapThenAFreshSnapshot(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("hub.replay-events", "3"));
    String token = gw.loginDemo();
    SseClient first = gw.openStream(LED, token, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 2));
    first.awaitEvents("datapoint", 2);
    String afterFirst = first.events().get(0).id();
    String afterSecond = first.lastEventId();
    first.close().await();

    // nothing lost: the replay, and no snapshot
    SseClient exact = gw.openStream(LED_STATE, token, afterFirst).awaitEvents("datapoint", 1);
    assertThat(exact.events()).extracting(SseClient.Event::type).containsExactly("datapoint");
    exact.close().await();

    gw.publish(LED_DSN, "Blue_button", range(2, 10));
    SseClient resumed = gw.openStream(LED_STATE, token, afterSecond).awaitEvents("snapshot", 1);
    assertThat(resumed.events())
        .extracting(SseClient.Event::type)
        .containsExactly("gap", "snapshot");
    assertThat(resumed.events().get(0).json().getString("reason")).isEqualTo("evicted");
    assertThat(blueButton(resumed.events().get(1))).isEqualTo(9);

    gw.publish(LED_DSN, "Blue_button", List.of(10));
    resumed.awaitEvents("datapoint", 1);
    assertThat(values(resumed.events())).containsExactly(10);
  }

  /** A page that kept only its cursor across a reload asks for the state anyway: the snapshot stands in for the replay. */
  @Test
  void snapshotAlwaysGivesAResumeThatLostNothingTheStateInsteadOfTheReplay(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient first = gw.openStream(LED, token, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 2));
    first.awaitEvents("datapoint", 2);
    String cursor = first.lastEventId();
    first.close().await();
    gw.publish(LED_DSN, "Blue_button", range(2, 5)); // while the page was away: nothing evicted

    SseClient resumed =
        gw.openStream(LED + "&snapshot=always", token, cursor).awaitEvents("snapshot", 1);
    assertThat(resumed.events()).extracting(SseClient.Event::type).containsExactly("snapshot");
    assertThat(blueButton(resumed.events().get(0))).isEqualTo(4);
    gw.publish(LED_DSN, "Blue_button", List.of(5));
    resumed.awaitEvents("datapoint", 1);
    assertThat(resumed.events())
        .extracting(SseClient.Event::type)
        .containsExactly("snapshot", "datapoint");
    assertThat(values(resumed.events())).containsExactly(5);

    TestGateway.assertJsonError(
        gw.get("/events?" + LED + "&snapshot=sometimes", token), 422, "validation_failed");
  }

  /** The upstream recreated under a snapshot stream: it ends, and its reconnect gets the gap and the state anew. */
  @Test
  void aLiveLossEndsTheStreamAndItsReconnectGetsTheGapThenASnapshot(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient browser = gw.openStream(LED_STATE, token, null).awaitEvents("snapshot", 1);
    gw.publish(LED_DSN, "Blue_button", range(0, 2));
    browser.awaitEvents("datapoint", 2);

    gw.loseSubscriptionAndAwaitItsSuccessor(token);
    gw.publish(LED_DSN, "Blue_button", List.of(5));
    browser.awaitEnd(WAIT);
    assertThat(browser.events("gap")).isEmpty();
    assertThat(browser.retries()).isNotEmpty();

    SseClient again =
        gw.openStream(LED_STATE, token, browser.lastEventId()).awaitEvents("snapshot", 1);
    List<SseClient.Event> events =
        again.events().stream().filter(e -> !e.type().equals("upstream")).toList();
    assertThat(events).extracting(SseClient.Event::type).startsWith("gap", "snapshot");
    assertThat(blueButton(events.get(1))).isEqualTo(5);
  }

  @Test
  void aSocketDropGivesUpstreamReconnectingThenLive(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient browser = gw.openStream(LED_STATE, token, null).awaitEvents("snapshot", 1);

    gw.dropUpstreamSockets();
    browser.awaitEvents("upstream", 2);
    List<SseClient.Event> upstream = browser.events("upstream");
    assertThat(upstream)
        .extracting(e -> e.json().getString("state"))
        .containsExactly("reconnecting", "live");
    assertThat(upstream)
        .extracting(e -> e.json().getString("subscription_type"))
        .containsOnly("datapoint");
    assertThat(upstream).allSatisfy(e -> assertThat(e.json().getString("since")).isNotBlank());

    gw.publish(LED_DSN, "Blue_button", List.of(1));
    browser.awaitEvents("datapoint", 1);
    assertThat(browser.events("gap")).isEmpty();
  }

  @Test
  void apiStateAnswersTheSameStateOverRest(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    gw.publish(LED_DSN, "Blue_button", List.of(3));

    var r = gw.get("/api/state?dsn=" + LED_DSN + "&property_name=Blue_button", token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject state = r.bodyAsJsonObject();
    assertThat(state.getBoolean("complete")).isTrue();
    JsonObject device = state.getJsonArray("devices").getJsonObject(0);
    assertThat(device.getString("dsn")).isEqualTo(LED_DSN);
    assertThat(device.getJsonObject("properties").fieldNames()).containsExactly("Blue_button");
    assertThat(device.getJsonObject("properties").getJsonObject("Blue_button").getValue("value"))
        .isEqualTo(3);
    assertThat(device.getJsonObject("connectivity").getString("status")).isNotBlank();

    TestGateway.assertJsonError(gw.get("/api/state?colour=red", token), 400, "unknown_parameter");
    TestGateway.assertJsonError(gw.get("/api/state?dsn=b%40d", token), 422, "validation_failed");
    TestGateway.assertJsonError(
        gw.get("/api/state?dsn=" + LED_DSN, null), 401, "missing_credentials");
  }
}
