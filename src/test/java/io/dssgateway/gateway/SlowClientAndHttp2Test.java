package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bounded per-connection queues (a slow browser is cut off, others unaffected) and HTTP/2 streaming. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowClientAndHttp2Test extends GatewayTestBase {

  @Test
  void slowBrowserIsCutOffWhileOthersGetEveryEvent(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("sse.max-queued-bytes", "16384"));
    String token = gw.loginDemo();
    SseClient fast = gw.openStream(LED, token, null);
    SseClient slow = gw.openStream(LED, token, null);
    slow.pause();

    int published = 0;
    String padding = "x".repeat(400);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (gw.streams(token).getJsonObject(0).getInteger("browsers") > 1) {
      assertThat(System.nanoTime()).as("slow browser cut off in time").isLessThan(deadline);
      gw.publish(
          LED_DSN,
          "Blue_button",
          range(published, published + 2000).stream().map(i -> i + padding).toList());
      published += 2000;
      fast.awaitEvents("datapoint", published);
    }
    assertThat(fast.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactlyElementsOf(range(0, published).stream().map(i -> i + padding).toList());
    assertThat(fast.hasEnded()).isFalse();

    slow.resume();
    slow.awaitEnd(Duration.ofSeconds(20));
    assertThat(slow.countOf("datapoint")).isLessThan(published);
    assertThat(slow.retries()).as("told when to come back").hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void http2PriorKnowledgeClientStreamsEvents(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    HttpClient h2 =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    SseClient one =
        SseClient.open(h2, gw.port, "/events?" + LED, Map.of("Authorization", "Bearer " + token))
            .await();
    SseClient two =
        SseClient.open(h2, gw.port, "/events?" + LED, Map.of("Authorization", "Bearer " + token))
            .await();
    assertThat(one.version()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.headers().get("content-type")).startsWith("text/event-stream");
    one.await(c -> c.comments().contains("stream open"), Duration.ofSeconds(5));
    two.await(c -> c.comments().contains("stream open"), Duration.ofSeconds(5));

    gw.publish(LED_DSN, "Blue_button", range(0, 100));
    one.awaitEvents("datapoint", 100);
    two.awaitEvents("datapoint", 100);
    assertThat(one.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactlyElementsOf(range(0, 100));

    one.close().await();
    Eventually.until(
        "reset stream detached",
        Duration.ofSeconds(5),
        () -> gw.streams(token).getJsonObject(0).getInteger("browsers") == 1);
    gw.publish(LED_DSN, "Blue_button", range(100, 101));
    two.awaitEvents("datapoint", 101);
    h2.close().await();
  }

  @Test
  void anHttp2BrowserWithASmallFlowControlWindowIsNotMistakenForASlowOne(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    // the window fills after a couple of events; the browser keeps reading, so it must get all of
    // them
    HttpClient h2 =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setInitialSettings(
                    new io.vertx.core.http.Http2Settings().setInitialWindowSize(1024)));
    SseClient browser =
        SseClient.open(h2, gw.port, "/events?" + LED, Map.of("Authorization", "Bearer " + token))
            .await();
    browser.await(c -> c.comments().contains("stream open"), Duration.ofSeconds(5));

    for (int burst = 0; burst < 5; burst++) {
      gw.publish(LED_DSN, "Blue_button", range(burst * 100, burst * 100 + 100));
    }
    browser.awaitEvents("datapoint", 500);
    assertThat(browser.events("datapoint").stream().map(SseClient.Event::value).toList())
        .containsExactlyElementsOf(range(0, 500));
    assertThat(browser.hasEnded()).isFalse();
    h2.close().await();
  }
}
