package io.dssgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo page's chart shows the last hour from history when it opens (a collected stream), then goes live. */
class DemoHistoryBrowserTest {

  private static final String LED_BOARD = "AC000W000340649";

  @TempDir Path tmp;

  @Test
  void theChartOpensWithTheLastHourFromHistoryThenGoesLive() throws Exception {
    try (DemoHarness harness =
        new DemoHarness(
            tmp,
            Map.of(
                "history.streams",
                "subscription_type=datapoint&oem_model=ledevb&dsn=*",
                "history.database-url",
                "mem"))) {
      String token = login(harness);
      awaitStored(harness, token, 0); // the collected stream is live and storing: nothing yet
      harness.sim.publish(LED_BOARD, "Blue_button", 1, 0, 1, 0, 1);
      awaitStored(harness, token, 5);

      DemoPage page = new DemoPage(harness.driver, Duration.ofSeconds(20));
      page.open(harness.url());
      page.signIn();
      page.subscribe(List.of("datapoint", "datapointack", "connectivity"));
      page.waitFor("five points from history charted", d -> "5".equals(points(page)));
      assertThat(page.chartedValue(LED_BOARD, "Blue_button")).isEqualTo("1");

      harness.sim.publish(LED_BOARD, "Blue_button", 0);
      page.waitFor(
          "the live point charted after them",
          d -> "6".equals(points(page)) && "0".equals(page.chartedValue(LED_BOARD, "Blue_button")));
    }
  }

  private static String points(DemoPage page) {
    return page.attribute("chart", "points");
  }

  private static String login(DemoHarness harness) throws Exception {
    HttpResponse<String> r =
        send(
            harness,
            HttpRequest.newBuilder(URI.create(harness.url() + "api/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"demo@example.com\",\"password\":\"demo1234\"}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getString("access_token");
  }

  /** Polls the history API until it holds {@code count} events (0: until it answers 200 at all). */
  private static void awaitStored(DemoHarness harness, String token, int count) {
    Eventually.read(
        "history holding " + count + " events, its stream live",
        Duration.ofSeconds(20),
        () ->
            send(
                harness,
                HttpRequest.newBuilder(URI.create(harness.url() + "api/history?dsn=" + LED_BOARD))
                    .header("Authorization", "Bearer " + token)
                    .GET()),
        r ->
            r.statusCode() == 200
                && new JsonObject(r.body()).getJsonArray("events").size() >= count
                && live(harness, token));
  }

  private static boolean live(DemoHarness harness, String token) {
    try {
      return streamLive(harness, token);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static boolean streamLive(DemoHarness harness, String token) throws Exception {
    HttpResponse<String> r =
        send(
            harness,
            HttpRequest.newBuilder(URI.create(harness.url() + "api/streams"))
                .header("Authorization", "Bearer " + token)
                .GET());
    return r.body().contains("\"collected\":true") && r.body().contains("\"state\":\"live\"");
  }

  private static HttpResponse<String> send(DemoHarness harness, HttpRequest.Builder request)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
