package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Ayla subscription behind a live shared stream disappears: the gateway recreates it (a new
 * subscription id, seqs from 1 again) and tells the browsers so with a gap event, never silently.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamResubscribedTest extends GatewayTestBase {

  private long subscriptionId(String token) {
    return gw.streams(token).getJsonObject(0).getLong("subscription_id");
  }

  @Test
  void deletedUpstreamSubscriptionGivesGapEventThenTheNewSubscriptionsEvents(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient browser = gw.openStream(LED, token, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 3));
    browser.awaitEvents("datapoint", 3);
    long oldId = subscriptionId(token);

    long newId = gw.loseSubscriptionAndAwaitItsSuccessor(token);
    assertThat(gw.simStats().getInteger("subscriptions")).isEqualTo(1);

    gw.publish(LED_DSN, "Blue_button", range(3, 6));
    browser.awaitEvents("datapoint", 6);

    // the socket Ayla closed with the subscription: said as it happened, beside the events
    assertThat(browser.events("upstream"))
        .extracting(e -> e.json().getString("state"))
        .containsExactly("reconnecting", "live");
    List<SseClient.Event> events =
        browser.events().stream().filter(e -> !e.type().equals("upstream")).toList();
    assertThat(events)
        .extracting(SseClient.Event::type)
        .containsExactly(
            "datapoint", "datapoint", "datapoint", "gap", "datapoint", "datapoint", "datapoint");
    assertThat(events.subList(0, 3))
        .extracting(SseClient.Event::id)
        .containsExactly(oldId + ":1", oldId + ":2", oldId + ":3");

    SseClient.Event gap = events.get(3);
    assertThat(gap.json())
        .isEqualTo(
            new JsonObject()
                .put("subscription_type", "datapoint")
                .put("reason", "upstream_resubscribed"));
    assertThat(gap.id()).isEqualTo(newId + ":0");

    List<SseClient.Event> after = events.subList(4, 7);
    assertThat(after).extracting(SseClient.Event::value).containsExactly(3, 4, 5);
    assertThat(after).extracting(SseClient.Event::seq).containsExactly(1L, 2L, 3L);
    assertThat(after)
        .extracting(SseClient.Event::id)
        .containsExactly(newId + ":1", newId + ":2", newId + ":3");
    assertThat(browser.hasEnded()).isFalse();

    // the new incarnation's cursor resumes exactly, with no further gap
    browser.close().await();
    gw.publish(LED_DSN, "Blue_button", range(6, 8));
    SseClient again = gw.openStream(LED, token, browser.lastEventId());
    again.awaitEvents("datapoint", 2);
    assertThat(again.events())
        .extracting(SseClient.Event::type)
        .containsExactly("datapoint", "datapoint");
    assertThat(again.events()).extracting(SseClient.Event::value).containsExactly(6, 7);
    assertThat(again.lastEventId()).isEqualTo(newId + ":5");
  }
}
