package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.FREEZER_DSN;
import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
 * Sharing: many browsers on few canonical filters make one upstream subscription and socket each
 * when requests are planned exactly ({@code SubscriptionPlanTest} has the wide plan's sharing).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FanOutSharingTest extends GatewayTestBase {

  private static final String[] DSNS = {LED_DSN, LINUX_DSN, FREEZER_DSN};
  private static final int BROWSERS = 200;
  private static final Map<String, String> EXACT_PLAN =
      Map.of("sse.max-connections-per-user", "1000", "hub.plan", "exact");

  private static String query(int i) {
    // the same canonical filter written three ways: order, duplicates and spacing don't matter
    String dsn = DSNS[i % 3];
    return switch (i % 9 / 3) {
      case 0 -> "subscription_type=datapoint&dsn=" + dsn;
      case 1 -> "dsn=" + dsn + "," + dsn + "&subscription_type=datapoint";
      default -> "subscription_type=datapoint&oem_model=*&dsn=" + dsn;
    };
  }

  @Test
  void twoHundredBrowsersConnectingAtOnceOnThreeFiltersMakeThreeUpstreamSubscriptionsAndSockets(
      Vertx vertx) {
    gw = TestGateway.start(vertx, EXACT_PLAN);
    String token = gw.loginDemo();

    List<Future<SseClient>> opening = new ArrayList<>();
    for (int i = 0; i < BROWSERS; i++) {
      opening.add(gw.eventsAsync(query(i), token, null));
    }
    List<SseClient> browsers = Future.all(opening).await().list();
    awaitAllOpen(browsers);

    assertThreeSharedStreams(token, browsers);
    closeAllAndAwaitUpstreamDeleted(browsers);
  }

  @Test
  void browsersJoiningLiveStreamsOneByOneReuseThem(Vertx vertx) {
    gw = TestGateway.start(vertx, EXACT_PLAN);
    String token = gw.loginDemo();
    List<SseClient> browsers = new ArrayList<>();
    for (int i = 0; i < BROWSERS; i++) {
      browsers.add(gw.events(query(i), token));
    }
    awaitAllOpen(browsers);

    assertThreeSharedStreams(token, browsers);
    closeAllAndAwaitUpstreamDeleted(browsers);
  }

  @Test
  void lastBrowserLeavingDeletesTheUpstreamSubscriptionOnlyAfterTheLinger(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("hub.linger-ms", "1500"));
    String token = gw.loginDemo();
    SseClient first = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, token, null);
    SseClient second = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, token, null);
    assertThat(gw.simStats().getInteger("subscriptions")).isEqualTo(1);

    first.close().await();
    second.close().await();
    long left = System.nanoTime();
    Eventually.until(
        "the stream lingers",
        Duration.ofSeconds(5),
        () -> "lingering".equals(gw.streams(token).getJsonObject(0).getString("state")));
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("still held during the linger")
        .isEqualTo(1);

    Eventually.until(
        "upstream subscription deleted",
        Duration.ofSeconds(10),
        () ->
            gw.simStats().getInteger("subscriptions") == 0
                && gw.simStats().getInteger("open_sockets") == 0);
    assertThat(Duration.ofNanos(System.nanoTime() - left))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    assertThat(gw.streams(token)).isEmpty();
  }

  @Test
  void aBrowserReturningDuringTheLingerKeepsTheSameUpstreamSubscription(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("hub.linger-ms", "60000"));
    String token = gw.loginDemo();
    SseClient first = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, token, null);
    long subscriptionId = gw.streams(token).getJsonObject(0).getLong("subscription_id");
    first.close().await();
    Eventually.until(
        "the stream lingers",
        Duration.ofSeconds(5),
        () -> "lingering".equals(gw.streams(token).getJsonObject(0).getString("state")));

    SseClient back = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, token, null);
    JsonObject stream = gw.streams(token).getJsonObject(0);
    assertThat(stream.getString("state")).isEqualTo("live");
    assertThat(stream.getLong("subscription_id")).isEqualTo(subscriptionId);
    assertThat(gw.simStats().getInteger("subscriptions")).isEqualTo(1);
    gw.publish(LED_DSN, "Blue_button", List.of(1));
    back.awaitEvents("datapoint", 1);
  }

  @Test
  void requestCoveredByLiveStreamIsServedFromItAndGetsOnlyItsOwnEvents(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient wide = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, token, null);
    SseClient narrow =
        gw.openStream(
            "subscription_type=datapoint&dsn=" + LED_DSN + "&property_name=Blue_button",
            token,
            null);
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("no new upstream subscription")
        .isEqualTo(1);
    JsonArray streams = gw.streams(token);
    assertThat(streams).hasSize(1);
    assertThat(streams.getJsonObject(0).getInteger("browsers")).isEqualTo(2);

    gw.publish(LED_DSN, "Red_button", List.of(1, 2));
    gw.publish(LED_DSN, "Blue_button", List.of(3));
    gw.publish(LED_DSN, "Red_button", List.of(4));
    gw.publish(LED_DSN, "Blue_button", List.of(5));
    wide.awaitEvents("datapoint", 5);
    narrow.awaitEvents("datapoint", 2);
    assertThat(narrow.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactly(3, 5);
    assertThat(narrow.events("datapoint"))
        .allSatisfy(
            e ->
                assertThat(e.json().getJsonObject("metadata").getString("property_name"))
                    .isEqualTo("Blue_button"));

    // the narrow browser's cursor resumes exactly, even though filtered events advanced it
    String cursor = narrow.lastEventId();
    narrow.close().await();
    gw.publish(LED_DSN, "Red_button", List.of(6));
    gw.publish(LED_DSN, "Blue_button", List.of(7));
    SseClient back =
        gw.openStream(
            "subscription_type=datapoint&dsn=" + LED_DSN + "&property_name=Blue_button",
            token,
            cursor);
    back.awaitEvents("datapoint", 1);
    assertThat(back.events()).extracting(SseClient.Event::type).containsExactly("datapoint");
    assertThat(back.events().get(0).value()).isEqualTo(7);
  }

  private void awaitAllOpen(List<SseClient> browsers) {
    for (SseClient b : browsers) {
      assertThat(b.status()).as(b.body()).isEqualTo(200);
      b.await(s -> s.comments().contains("stream open"), Duration.ofSeconds(20));
    }
  }

  private void assertThreeSharedStreams(String token, List<SseClient> browsers) {
    JsonObject stats = gw.simStats();
    assertThat(stats.getInteger("subscriptions")).isEqualTo(3);
    assertThat(stats.getInteger("open_sockets")).isEqualTo(3);
    JsonArray streams = gw.streams(token);
    assertThat(streams).hasSize(3);
    int attached = streams.stream().mapToInt(s -> ((JsonObject) s).getInteger("browsers")).sum();
    assertThat(attached).isEqualTo(BROWSERS);

    for (int d = 0; d < 3; d++) {
      gw.publish(
          DSNS[d], DSNS[d].equals(FREEZER_DSN) ? "max_temp" : "Blue_button", List.of(100 + d));
    }
    for (int i = 0; i < browsers.size(); i++) {
      SseClient b = browsers.get(i).awaitEvents("datapoint", 1);
      SseClient.Event e = b.events("datapoint").get(0);
      assertThat(e.json().getJsonObject("metadata").getString("dsn")).isEqualTo(DSNS[i % 3]);
      assertThat(e.value()).isEqualTo(100 + i % 3);
    }
  }

  private void closeAllAndAwaitUpstreamDeleted(List<SseClient> browsers) {
    Future.all(browsers.stream().map(SseClient::close).toList()).await();
    Eventually.until(
        "all upstream subscriptions deleted after the linger",
        Duration.ofSeconds(15),
        () -> gw.simStats().getInteger("subscriptions") == 0);
    assertThat(gw.simStats().getInteger("open_sockets")).isZero();
  }
}
