package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Per-user mode: two users never share a stream, see each other's streams or resume each other's cursor. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IsolationTest extends GatewayTestBase {

  @Test
  void userBCannotSeeAttachToOrResumeUserAsStream(
      Vertx vertx, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    gw = TestGateway.start(vertx, TestGateway.withOthersBoard(dir));
    String a = gw.loginDemo();
    String b = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);

    SseClient aliceBrowser = gw.openStream(LED, a, null);
    gw.publish(LED_DSN, "Blue_button", range(0, 3));
    aliceBrowser.awaitEvents("datapoint", 3);
    long aliceSubscription = gw.streams(a).getJsonObject(0).getLong("subscription_id");
    assertThat(gw.streams(b)).as("B's /api/streams").isEmpty();

    // B names A's device: refused before anything is asked of Ayla's stream service
    SseClient refused = gw.events(LED, b, aliceBrowser.lastEventId());
    assertThat(refused.status()).isEqualTo(403);
    refused.awaitEnd(java.time.Duration.ofSeconds(5));
    assertThat(refused.body()).contains("\"error\":\"not_owned\"").contains(LED_DSN);
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("no upstream subscription for a device B does not own")
        .isEqualTo(1);

    // B asks for every board of theirs with A's cursor: its own stream, a gap, none of A's events
    SseClient bobBrowser =
        gw.openStream(
            "subscription_type=datapoint&oem_model=ledevb&dsn=*", b, aliceBrowser.lastEventId());
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("one upstream subscription per user")
        .isEqualTo(2);
    JsonObject bobStream = gw.streams(b).getJsonObject(0);
    assertThat(bobStream.getLong("subscription_id")).isNotEqualTo(aliceSubscription);
    assertThat(bobStream.getInteger("browsers")).isEqualTo(1);
    assertThat(gw.streams(a).getJsonObject(0).getInteger("browsers")).isEqualTo(1);
    assertThat(gw.streams(a)).hasSize(1);

    gw.publish(LED_DSN, "Blue_button", range(3, 4));
    aliceBrowser.awaitEvents("datapoint", 4);
    bobBrowser.await(c -> !c.events().isEmpty(), java.time.Duration.ofSeconds(5));
    assertThat(bobBrowser.events().get(0).type()).isEqualTo("gap");
    assertThat(bobBrowser.events().get(0).json().getString("reason")).isEqualTo("stream_restarted");
    assertThat(bobBrowser.events("datapoint")).as("A's device's events never reach B").isEmpty();
    for (SseClient.Event e : bobBrowser.events()) {
      assertThat(e.id()).doesNotContain(aliceSubscription + ":");
    }
    for (SseClient.Event e : aliceBrowser.events()) {
      assertThat(e.id()).doesNotContain(bobStream.getLong("subscription_id") + ":");
    }
    assertThat(aliceBrowser.events()).hasSize(4);
  }
}
