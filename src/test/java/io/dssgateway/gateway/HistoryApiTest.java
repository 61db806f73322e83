package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static io.dssgateway.gateway.TestGateway.assertJsonError;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.dssgateway.auth.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /api/history}: paging, time bounds, scope, bad input; and a browser resuming from history past the replay buffer. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HistoryApiTest {

  private static final String COLLECTED =
      "subscription_type=datapoint&dsn=" + LED_DSN + "," + LINUX_DSN;
  private static Vertx vertx;
  private static TestGateway gw;
  private static String demo;
  private static Instant beforeSecond;
  private static Instant afterSecond;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    gw =
        TestGateway.start(
            vertx,
            Map.of(
                "history.streams",
                COLLECTED,
                "history.database-url",
                "mem",
                "hub.replay-events",
                "100"));
    demo = gw.loginDemo();
    HistoryFixture.awaitCollecting(gw, demo);
    // each instant is taken once the events before it are stored: the simulator may still be
    // creating events (their time) when its publish call has answered
    gw.publish(LED_DSN, "Blue_button", range(0, 150));
    awaitStored(150);
    beforeSecond = Instant.now();
    waitPast(beforeSecond);
    gw.publish(LINUX_DSN, "Blue_button", range(1000, 1050));
    gw.publish(LED_DSN, "Red_button", range(2000, 2020));
    awaitStored(220);
    afterSecond = Instant.now();
    waitPast(afterSecond);
  }

  private static void awaitStored(int events) {
    Eventually.read(
        events + " stored",
        Duration.ofSeconds(20),
        () -> HistoryFixture.readAll(gw, demo, "dsn=*"),
        e -> e.size() >= events);
  }

  /** Event times have millisecond resolution: the next event is after this instant. */
  private static void waitPast(Instant t) {
    Eventually.until(
        "clock past " + t,
        Duration.ofSeconds(1),
        () -> Instant.now().toEpochMilli() > t.toEpochMilli() + 1);
  }

  @AfterAll
  static void stop() {
    gw.stop();
    vertx.close().await();
  }

  @Test
  void pagesAreOldestFirstAndTheCursorContinuesExactly() {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      HttpResponse<Buffer> r =
          gw.get(
              "/api/history?subscription_type=datapoint&dsn="
                  + LED_DSN
                  + "&property_name=Blue_button,Red_button&limit=40"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              demo);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonArray events = r.bodyAsJsonObject().getJsonArray("events");
      assertThat(events.size()).isLessThanOrEqualTo(40);
      events.forEach(e -> all.add((JsonObject) e));
      cursor = r.bodyAsJsonObject().getString("next");
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(5); // 170 events, 40 a page
    List<Object> expected = new ArrayList<>(range(0, 150));
    expected.addAll(range(2000, 2020));
    assertThat(HistoryFixture.values(all)).containsExactlyElementsOf(expected);
    assertThat(all.get(0).getJsonObject("metadata").getString("dsn"))
        .isEqualTo(LED_DSN); // the DSS JSON, unchanged
  }

  @Test
  void filtersByPropertyAndTime() {
    assertThat(
            HistoryFixture.values(
                HistoryFixture.readAll(gw, demo, "dsn=" + LED_DSN + "&property_name=Red_button")))
        .containsExactlyElementsOf(range(2000, 2020));
    String buttons = "dsn=*&property_name=Blue_button,Red_button";
    List<JsonObject> between =
        HistoryFixture.readAll(gw, demo, buttons + "&from=" + beforeSecond + "&to=" + afterSecond);
    List<Object> expected = new ArrayList<>(range(1000, 1050));
    expected.addAll(range(2000, 2020));
    assertThat(HistoryFixture.values(between)).containsExactlyElementsOf(expected);
    assertThat(HistoryFixture.readAll(gw, demo, buttons + "&to=" + beforeSecond)).hasSize(150);
    assertThat(HistoryFixture.readAll(gw, demo, buttons + "&from=" + afterSecond)).isEmpty();
    assertThat(HistoryFixture.readAll(gw, demo, "subscription_type=connectivity&dsn=*")).isEmpty();
  }

  @Test
  void aUserReadsOnlyTheirOwnDevices() {
    String other = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    assertJsonError(gw.get("/api/history?dsn=" + LED_DSN, other), 403, "insufficient_scope");
    assertThat(HistoryFixture.readAll(gw, other, "dsn=*"))
        .isEmpty(); // owns none of the collected devices
    assertThat(gw.get("/api/history?dsn=*", null).statusCode()).isEqualTo(401);
  }

  @Test
  void badInputGetsJsonErrors() {
    assertJsonError(gw.get("/api/history?limit=0", demo), 422, "validation_failed");
    assertJsonError(gw.get("/api/history?limit=abc", demo), 422, "validation_failed");
    assertJsonError(gw.get("/api/history?from=yesterday", demo), 422, "validation_failed");
    assertJsonError(
        gw.get("/api/history?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", demo),
        422,
        "validation_failed");
    assertJsonError(gw.get("/api/history?subscription_type=nope", demo), 422, "validation_failed");
    assertJsonError(gw.get("/api/history?dsn=a%20b", demo), 422, "validation_failed");
    assertJsonError(gw.get("/api/history?cursor=garbage", demo), 400, "invalid_cursor");
    assertJsonError(gw.get("/api/history?colour=red", demo), 400, "unknown_parameter");
    assertJsonError(gw.get("/api/history?dsn=a&dsn=b", demo), 400, "repeated_parameter");
  }

  @Test
  void instantsBeyondWhatMillisecondsCanHoldAreValidationErrorsWithoutAStackTrace() {
    Map<String, String> queries =
        Map.of(
            "from=-999999999-01-01T00:00:00Z", "from",
            "to=%2B999999999-12-31T23:59:59Z", "to",
            "from=%2B999999999-12-31T23:59:59%2B01:00", "from",
            "to=-999999999-01-01T00:00:00-05:00", "to");
    try (LogCapture logs = new LogCapture()) {
      queries.forEach(
          (query, field) -> {
            HttpResponse<Buffer> r = gw.get("/api/history?" + query, demo);
            assertJsonError(r, 422, "validation_failed");
            assertThat(r.bodyAsJsonObject().getJsonObject("errors").fieldNames())
                .as(query)
                .containsExactly(field);
          });
      assertThat(logs.stackTraces()).isEmpty();
    }
  }

  private static long collectedLastSeq() {
    return gw.streams(demo).stream()
        .map(JsonObject.class::cast)
        .filter(s -> s.getBoolean("collected", false))
        .findFirst()
        .orElseThrow()
        .getLong("last_seq");
  }

  @Test
  void aBrowserResumingPastTheReplayBufferGetsEveryEventFromHistoryThenLive() {
    String query =
        "subscription_type=datapoint&dsn="
            + LED_DSN
            + ","
            + LINUX_DSN; // the collected stream's own key
    SseClient first = gw.openStream(query, demo, null);
    gw.publish(LED_DSN, "Green_LED", List.of(-1));
    first.awaitEvents("datapoint", 1);
    String cursor = first.lastEventId();
    first.close().await();

    long head = collectedLastSeq();
    for (int i = 0; i < 20_000; i += 2_000) {
      gw.publish(LED_DSN, "Green_LED", range(i, i + 2_000)); // 200 times the replay buffer
    }
    Eventually.until(
        "the gateway received them all",
        Duration.ofSeconds(60),
        () -> collectedLastSeq() == head + 20_000);
    SseClient resumed = gw.openStream(query, demo, cursor);
    gw.publish(LED_DSN, "Green_LED", List.of(20_000)); // then live
    resumed.await(c -> c.countOf("datapoint") >= 20_001, Duration.ofSeconds(60));
    assertThat(resumed.events("gap")).isEmpty();
    List<Object> values = resumed.events("datapoint").stream().map(SseClient.Event::value).toList();
    assertThat(values).containsExactlyElementsOf(range(0, 20_001));
  }
}
