package io.dssgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page on another origin (listed in {@code http.cors-origins}) imports the browser client
 * from the gateway, in headless Chromium. It gets every event across an upstream drop, a gateway
 * restart and an expired JWT (renewed through token()), and stops with an error when its session
 * ends instead of retrying forever.
 */
class BrowserClientTest {

  private static final String FREEZER = "VD0bbb112e0000011";
  private static final int JWT_TTL_SECONDS = 12;

  @TempDir static Path tmp;
  private static CrossOriginHarness harness;
  private static WebDriver driver;

  @BeforeAll
  static void start() throws Exception {
    // a short retry: the page's backoff starts from the gateway's retry:, and the test waits
    // through it;
    // short-lived JWTs, so that one expires mid-stream (the linger keeps the stream for the
    // restart)
    harness =
        new CrossOriginHarness(
            tmp,
            Map.of(
                "sse.retry-ms",
                "200",
                "hub.linger-ms",
                "60000",
                "auth.jwt.ttl-seconds",
                String.valueOf(JWT_TTL_SECONDS),
                "auth.jwt.leeway-seconds",
                "0"));
    driver = harness.driver;
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /** Opens the page; token: {@code fresh} (token() renews the JWT) or {@code fixed} (it cannot). */
  private static void openPage(String token) {
    load(FREEZER, token);
    waitFor("the page's stream to be live", d -> "live".equals(connection()));
  }

  @Test
  void crossOriginPageGetsEveryEventWithNoGapAcrossAnUpstreamDropAndAGatewayRestart() {
    openPage("fresh");
    harness.sim.publish(FREEZER, "max_temp", 0, 1, 2, 3, 4);
    waitFor("the first five datapoints", d -> values().size() == 5);

    harness.sim.dropSockets();
    harness.sim.publish(FREEZER, "max_temp", 5, 6, 7, 8, 9);
    waitFor("the datapoints published around the upstream drop", d -> values().size() == 10);

    harness.stopGateway();
    waitFor(
        "the page to notice the restart and retry",
        d -> "retrying".equals(connection()) || "connecting".equals(connection()));
    harness.sim.publish(FREEZER, "max_temp", 10, 11, 12, 13, 14);
    harness.startGateway();
    waitFor("the page live again after the restart", d -> "live".equals(connection()));
    harness.sim.publish(FREEZER, "max_temp", 15, 16, 17, 18, 19);
    waitFor("every datapoint", d -> values().size() >= 20);

    assertThat(rows("gap")).as("gap events").isEmpty();
    assertThat(values())
        .as("values in order, none lost or repeated")
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(String::valueOf).toList());
    List<Long> seqs = rows("datapoint").stream().map(r -> Long.parseLong(r.get(1))).toList();
    assertThat(DemoPage.contiguous(seqs)).as("seq column %s", seqs).isTrue();
    assertThat(seen("shutdowns")).as("shutdown events").isEqualTo(1L);
    assertThat((Long) seen("tokenCalls"))
        .as("token() asked again for the new connection's ticket")
        .isGreaterThanOrEqualTo(2L);
    assertThat(seen("errors")).as("errors").isEqualTo(List.of());
    assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
        .as("console: the module runs under the page's strict CSP")
        .map(LogEntry::getMessage)
        .noneMatch(m -> m.contains("Content Security Policy"));
  }

  @Test
  void expiredJwtIsRenewedThroughTokenAndTheStreamGoesOnWithoutAGap() {
    openPage("fresh");
    harness.sim.publish(FREEZER, "max_temp", 0, 1, 2);
    waitFor("the first datapoints", d -> values().size() >= 3);
    new WebDriverWait(driver, Duration.ofSeconds(JWT_TTL_SECONDS + 20))
        .withMessage("the gateway to end the stream when the JWT expires")
        .until(d -> seen("expired").equals(List.of("credential_expired")));
    waitFor("the stream live again with a renewed JWT", d -> "live".equals(connection()));
    harness.sim.publish(FREEZER, "max_temp", 3, 4, 5);
    waitFor("the datapoints after the renewal", d -> values().size() >= 6);

    assertThat(values()).containsExactly("0", "1", "2", "3", "4", "5");
    assertThat(rows("gap")).as("gap events").isEmpty();
    List<Long> seqs = rows("datapoint").stream().map(r -> Long.parseLong(r.get(1))).toList();
    assertThat(DemoPage.contiguous(seqs)).as("seq column %s", seqs).isTrue();
    assertThat((Long) seen("tokenCalls"))
        .as("token() asked again after the expiry")
        .isGreaterThanOrEqualTo(2L);
    assertThat(seen("errors")).as("errors").isEqualTo(List.of());
  }

  @Test
  void logoutStopsTheStreamWithAnErrorInsteadOfRetrying() {
    openPage("fixed");
    driver.findElement(org.openqa.selenium.By.id("logout")).click();
    waitFor("the stream closed", d -> "closed".equals(connection()));

    assertThat(seen("expired"))
        .as("the gateway ended the stream")
        .isEqualTo(List.of("session_ended"));
    assertThat(seen("errors"))
        .as("one error: the ticket refused with 401")
        .isEqualTo(List.of(Map.of("status", 401L, "code", "invalid_token", "during", "ticket")));
    assertThat(seen("tokenCalls")).as("one renewal attempt, no loop").isEqualTo(2L);
    @SuppressWarnings("unchecked")
    List<String> connections = (List<String>) seen("connections");
    assertThat(connections).as("connections").endsWith("closed").containsOnlyOnce("closed");
  }

  @Test
  void streamRefusedWithA4xxStopsWithTheGatewaysErrorInsteadOfRetrying() {
    load("not*a*dsn", "fixed");
    waitFor("the stream closed", d -> "closed".equals(connection()));

    assertThat(seen("errors"))
        .as("the gateway's refusal of /events")
        .isEqualTo(
            List.of(Map.of("status", 422L, "code", "validation_failed", "during", "stream")));
    assertThat(seen("tokenCalls")).as("no retry").isEqualTo(1L);
    assertThat(seen("connections")).isEqualTo(List.of("connecting", "closed"));
  }

  @Test
  void snapshotOptionStartsEachConnectionWithTheCurrentStateThatLiveEventsKeepCurrent() {
    harness.sim.publish(FREEZER, "max_temp", -7);
    load(FREEZER, "fresh", true);
    waitFor("the value set before the page opened", d -> Long.valueOf(-7).equals(stateValue()));
    @SuppressWarnings("unchecked")
    List<String> events = (List<String>) seen("events");
    assertThat(events).as("events in order").startsWith("snapshot");
    assertThat(js("return window.stream.connection;")).isEqualTo("live");
    assertThat(js("return [...window.stream.state.keys()];"))
        .as("the devices the filter covers")
        .isEqualTo(List.of(FREEZER));
    assertThat(js("return window.stream.state.get(arguments[0]).oem_model;", FREEZER)).isNotNull();

    harness.sim.publish(FREEZER, "max_temp", -6);
    waitFor("the live value", d -> Long.valueOf(-6).equals(stateValue()));

    harness.stopGateway();
    waitFor("the page to retry", d -> !"live".equals(connection()));
    harness.sim.publish(FREEZER, "max_temp", 1, 2, 3, 4, 5);
    harness.startGateway();
    waitFor("the newest value after the restart", d -> Long.valueOf(5).equals(stateValue()));
    waitFor("the datapoints the restart held back", d -> values().containsAll(List.of("1", "5")));

    @SuppressWarnings("unchecked")
    List<Long> trace = (List<Long>) seen("values");
    assertThat(trace)
        .as("the value after every snapshot and datapoint: a replayed event never moves it back")
        .isSortedAccordingTo(Long::compare);
    assertThat(seen("errors")).as("errors").isEqualTo(List.of());
  }

  /** A page that kept only its cursor across a reload: with snapshot 'always' it starts from the state, not the events it missed. */
  @Test
  void snapshotAlwaysStartsAResumedPageFromTheStateInsteadOfTheEventsItMissed() {
    harness.sim.publish(FREEZER, "max_temp", -3);
    load(FREEZER, "fresh", true);
    waitFor("the first state", d -> Long.valueOf(-3).equals(stateValue()));
    String cursor = (String) js("return window.stream.lastEventId;");
    driver.get("about:blank"); // the page goes away, its stream with it
    harness.sim.publish(FREEZER, "max_temp", 10, 11, 12);

    driver.get(
        harness.pageUrl(FREEZER, "max_temp", "fresh", "always")
            + "&last="
            + java.net.URLEncoder.encode(cursor, java.nio.charset.StandardCharsets.UTF_8));
    waitFor("the state as of now", d -> Long.valueOf(12).equals(stateValue()));
    @SuppressWarnings("unchecked")
    List<String> events = (List<String>) seen("events");
    assertThat(events)
        .as("a snapshot instead of the three datapoints missed")
        .isEqualTo(List.of("snapshot"));
    harness.sim.publish(FREEZER, "max_temp", 13);
    waitFor("the live value", d -> Long.valueOf(13).equals(stateValue()));
    assertThat(seen("errors")).as("errors").isEqualTo(List.of());
  }

  private static Object stateValue() {
    return js(
        "const d = window.stream && window.stream.state.get(arguments[0]);"
            + " const p = d && d.properties.get('max_temp'); return p ? p.value : null;",
        FREEZER);
  }

  private static void load(String dsn, String token) {
    load(dsn, token, false);
  }

  private static void load(String dsn, String token, boolean snapshot) {
    harness.startGateway(); // after a test that failed while it was stopped
    driver.get(harness.pageUrl(dsn, "max_temp", token, snapshot));
  }

  private static String connection() {
    return (String) js("return document.getElementById('connection').dataset.connection;");
  }

  private static Object seen(String field) {
    return js("return window.seen[arguments[0]];", field);
  }

  /** The table's rows of a type: [type, seq, value]. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> rows(String type) {
    return (List<List<String>>)
        js(
            "return [...document.querySelectorAll('#events tr')].filter(tr => tr.dataset.type === arguments[0])"
                + ".map(tr => [tr.dataset.type, tr.dataset.seq, tr.dataset.value]);",
            type);
  }

  private static List<String> values() {
    return rows("datapoint").stream().map(r -> r.get(2)).toList();
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static void waitFor(String what, Function<WebDriver, Boolean> condition) {
    try {
      new WebDriverWait(driver, Duration.ofSeconds(30)).until(condition::apply);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "Timed out waiting for "
              + what
              + "; page saw "
              + js("return JSON.stringify(window.seen);")
              + " and rows "
              + rows("datapoint")
              + rows("gap"),
          e);
    }
  }
}
