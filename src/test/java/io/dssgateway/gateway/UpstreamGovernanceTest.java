package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user cannot buy unlimited Ayla subscriptions: a bound per scope (429 naming it), filters
 * naming what the user owns none of are refused before Ayla is asked, and a request that leaves
 * before its stream opened holds no upstream (no linger for a stream nobody read).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamGovernanceTest extends GatewayTestBase {

  private static final Map<String, String> LONG_LINGER = Map.of("hub.linger-ms", "60000");

  private int subscriptions() {
    return gw.simStats().getInteger("subscriptions");
  }

  @Test
  void aUserPastTheStreamBoundGets429NamingItAndOthersAreNotAffected(
      Vertx vertx, @TempDir Path dir) {
    Map<String, String> settings = TestGateway.withOthersBoard(dir);
    settings.putAll(Map.of("hub.linger-ms", "60000", "hub.max-streams-per-scope", "3"));
    gw = TestGateway.start(vertx, settings);
    String demo = gw.loginDemo();
    SseClient datapoint = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, demo, null);
    gw.openStream("subscription_type=connectivity&dsn=" + LED_DSN, demo, null);
    gw.openStream("subscription_type=location&dsn=" + LED_DSN, demo, null);

    SseClient fourth = gw.events("subscription_type=registration&dsn=" + LED_DSN, demo);
    assertThat(fourth.status()).isEqualTo(429);
    assertThat(fourth.headers().get("Retry-After")).isNotNull();
    JsonObject error = new JsonObject(fourth.awaitEnd(Duration.ofSeconds(5)).body());
    assertThat(error.getString("error")).isEqualTo("too_many_streams");
    assertThat(error.getInteger("limit")).isEqualTo(3);
    assertThat(error.getString("setting")).isEqualTo("hub.max-streams-per-scope");
    assertThat(subscriptions()).isEqualTo(3);

    String other = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    gw.openStream("subscription_type=datapoint&dsn=" + TestGateway.OTHERS_DSN, other, null);

    datapoint.close().await(); // its stream lingers, and a lingering stream gives way to a new one
    Eventually.until(
        "the datapoint stream lingers",
        Duration.ofSeconds(5),
        () ->
            gw.streams(demo).stream()
                .map(JsonObject.class::cast)
                .anyMatch(s -> s.getString("state").equals("lingering")));
    gw.openStream("subscription_type=registration&dsn=" + LED_DSN, demo, null);
    assertThat(subscriptions()).isEqualTo(4); // demo's three (one replaced) and other's one
  }

  @Test
  void aFilterNamingAModelOrDeviceTheUserHasNoneOfIsRefusedBeforeAylaIsAsked(Vertx vertx) {
    gw = TestGateway.start(vertx, LONG_LINGER);
    String demo = gw.loginDemo();

    SseClient model = gw.events("subscription_type=datapoint&oem_model=ledevb,nosuchmodel", demo);
    assertThat(model.status()).isEqualTo(403);
    JsonObject error = new JsonObject(model.awaitEnd(Duration.ofSeconds(5)).body());
    assertThat(error.getString("error")).isEqualTo("not_owned");
    assertThat(error.getJsonArray("oem_model").getList()).containsExactly("nosuchmodel");

    SseClient device =
        gw.events("subscription_type=datapoint&dsn=" + LED_DSN + ",AC000WNOTMINE01", demo);
    assertThat(device.status()).isEqualTo(403);
    assertThat(
            new JsonObject(device.awaitEnd(Duration.ofSeconds(5)).body())
                .getJsonArray("dsn")
                .getList())
        .containsExactly("AC000WNOTMINE01");
    assertThat(subscriptions()).isZero();

    gw.openStream("subscription_type=datapoint&oem_model=ledevb&dsn=" + LED_DSN, demo, null);
    assertThat(subscriptions()).isEqualTo(1);
  }

  @Test
  void http1RequestsClosedAtOnceLeaveNoSubscriptionBehind(Vertx vertx) throws Exception {
    gw = TestGateway.start(vertx, LONG_LINGER);
    String demo = gw.loginDemo();
    for (int i = 0; i < 20; i++) {
      try (RawHttp raw = new RawHttp(gw.port)) {
        raw.send(
            "GET /events?subscription_type=datapoint&dsn="
                + LED_DSN
                + "&property_name=p"
                + i
                + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nAuthorization: Bearer "
                + demo
                + "\r\n\r\n");
      }
    }
    Eventually.until(
        "no Ayla subscription left though the linger is a minute",
        Duration.ofSeconds(15),
        () -> subscriptions() == 0);
    Eventually.until("no stream left", Duration.ofSeconds(5), () -> gw.streams(demo).isEmpty());
  }

  @Test
  void http2StreamsResetBeforeTheirResponseLeaveNoSubscriptionBehind(Vertx vertx) throws Exception {
    gw = TestGateway.start(vertx, LONG_LINGER);
    String demo = gw.loginDemo();
    // each reset in the same write as its request: the server reads it before it could answer
    try (RawH2 h2 = new RawH2(gw.port)) {
      for (int i = 0; i < 20; i++) {
        h2.requestAndCancel(
            ":method",
            "GET",
            ":scheme",
            "http",
            ":authority",
            "127.0.0.1",
            ":path",
            "/events?subscription_type=datapoint&dsn=" + LED_DSN + "&property_name=q" + i,
            "authorization",
            "Bearer " + demo);
      }
      Eventually.until(
          "no Ayla subscription left though the linger is a minute",
          Duration.ofSeconds(15),
          () -> subscriptions() == 0);
    }
  }
}
