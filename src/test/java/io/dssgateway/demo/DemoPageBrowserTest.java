package io.dssgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/** The demo page in a real browser (Debian's headless Chromium) against the whole product. */
class DemoPageBrowserTest {

  private static final Path SCREENSHOT = DemoHarness.BASEDIR.resolve("target/demo-page.png");
  private static final Path DEVICES_SCREENSHOT =
      DemoHarness.BASEDIR.resolve("target/demo-devices.png");
  private static final Path DEVICES_PHONE_SCREENSHOT =
      DemoHarness.BASEDIR.resolve("target/demo-devices-phone.png");
  private static final String LED_BOARD = "AC000W000340649";
  private static final String FREEZER = "VD0bbb112e0000011";
  private static final List<String> TYPES = List.of("datapoint", "datapointack", "connectivity");

  @TempDir static Path tmp;
  private static DemoHarness harness;
  private static ChromeDriver driver;
  private static SimControl sim;
  private DemoPage page;

  @BeforeAll
  static void startProductAndBrowser() throws Exception {
    harness = new DemoHarness(tmp, Map.of("hub.linger-ms", "1000"));
    driver = harness.driver;
    sim = harness.sim;
  }

  @AfterAll
  static void stopBrowserAndProduct() {
    if (harness != null) {
      harness.close();
    }
  }

  @BeforeEach
  void freshPage() {
    driver.manage().window().setSize(new Dimension(1280, 1500));
    driver.manage().deleteAllCookies();
    page = new DemoPage(driver, Duration.ofSeconds(20));
    page.open(harness.url());
  }

  /** The page works under the gateway's strict CSP, and the console shows no violation. */
  @Test
  void pageRunsUnderItsContentSecurityPolicyWithNoViolationInTheConsole() throws Exception {
    java.net.http.HttpResponse<Void> head =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(harness.url()))
                    .GET()
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(head.headers().firstValue("Content-Security-Policy"))
        .as("the page is served with a CSP")
        .hasValueSatisfying(
            csp ->
                assertThat(csp)
                    .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"));
    driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
    page.open(harness.url());
    page.signIn();
    page.subscribe(TYPES);
    page.waitFor("the stream live", d -> "live".equals(page.connectionState()));
    sim.connectivity(FREEZER, "Online");
    page.waitFor("an event in the table", d -> page.hasRow("connectivity", "", "Online"));
    List<String> console =
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
            .map(LogEntry::getMessage)
            .toList();
    assertThat(console)
        .noneMatch(
            m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy"));
  }

  @Test
  void afterSignInTheGridShowsTheCurrentValuesWithoutAClickThenFollowsThemLiveOnAPhoneToo()
      throws Exception {
    sim.publish(FREEZER, "max_temp", -23);
    sim.connectivity(FREEZER, "Online");
    driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
    page.open(harness.url());
    assertThat(page.isShown("login-view")).as("signed out: the sign-in form").isTrue();
    page.signIn();
    page.waitFor(
        "the value set before the page opened, on its device's card",
        d -> "-23".equals(page.gridValue(FREEZER, "max_temp")));
    assertThat(page.gridConnectivity(FREEZER)).isEqualTo("online");
    assertThat(page.gridValue(LED_BOARD, "Blue_LED")).as("every device has its card").isNotNull();

    sim.publish(FREEZER, "max_temp", -22);
    page.waitFor(
        "the card to follow a value set afterwards",
        d -> "-22".equals(page.gridValue(FREEZER, "max_temp")));
    assertThat(page.isShown("grid-stale")).as("no stale mark while the upstream is live").isFalse();
    page.screenshot(DEVICES_SCREENSHOT);

    page.recordStaleMarks();
    sim.dropSockets();
    page.waitFor(
        "the grid marked stale while the upstream reconnects, then current again",
        d ->
            page.staleMarks().stream().anyMatch(m -> m.startsWith("Stale since"))
                && !page.isShown("grid-stale"));

    driver.manage().window().setSize(new Dimension(390, 844));
    page.waitFor("the page laid out at 390 px", d -> page.viewportWidth() <= 390);
    assertThat(page.overflowsSideways()).as("the grid at 390 px").isFalse();
    page.screenshot(DEVICES_PHONE_SCREENSHOT);

    page.open(harness.url());
    page.waitFor(
        "the grid again after a reload, without signing in again",
        d -> page.isShown("app-view") && "-22".equals(page.gridValue(FREEZER, "max_temp")));
    assertThat(
            driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().equals(Level.SEVERE))
                .map(LogEntry::getMessage))
        .as("console errors of a normal session")
        .isEmpty();
  }

  @Test
  void wrongPasswordIsRefusedAndTheSignInFormStays() {
    page.fill("password", "not-the-password");
    page.submitSignIn();
    page.waitFor("the sign-in error", d -> !page.text("login-error").isEmpty());
    assertThat(page.text("login-error")).isEqualTo("Wrong email or password.");
    assertThat(page.connectionState()).isEqualTo("idle");
  }

  @Test
  void signInAndTheSignedInPageFitAPhoneWidthWithoutSidewaysScrolling() throws Exception {
    driver.manage().window().setSize(new Dimension(360, 800));
    page.waitFor("the page laid out at 360 px", d -> page.viewportWidth() <= 360);
    assertThat(page.overflowsSideways()).as("sign-in form at 360 px").isFalse();
    page.signIn();
    assertThat(page.overflowsSideways()).as("signed-in page at 360 px").isFalse();
    page.screenshot(DemoHarness.BASEDIR.resolve("target/demo-page-phone.png"));
  }

  @Test
  void ledToggleShowsDatapointAckAndChartThenStreamResumesWithoutGapAfterUpstreamDrop()
      throws Exception {
    assertThat(page.field("email"))
        .as("demo account prefilled on localhost")
        .isEqualTo("demo@example.com");
    page.signIn();
    page.subscribe(TYPES);
    String chartBefore = page.chartPixels();

    page.toggle(LED_BOARD, "Blue_LED").click();
    page.waitFor("the Blue_LED datapoint row", d -> page.hasRow("datapoint", "Blue_LED", "1"));
    page.waitFor(
        "the Blue_LED datapointack row", d -> page.hasRow("datapointack", "Blue_LED", "1"));
    page.waitFor(
        "Blue_LED charted at 1", d -> "1".equals(page.chartedValue(LED_BOARD, "Blue_LED")));
    assertThat(page.chartPixels())
        .as("the chart was redrawn with the new value")
        .isNotEqualTo(chartBefore);
    assertThat(page.toggle(LED_BOARD, "Blue_LED").getText()).isEqualTo("Blue LED: on");

    page.showDetailsOfNewestRow();
    page.waitFor(
        "the full JSON of the ack", d -> page.text("details-json").contains("\"ack_status\": 200"));

    page.click("pause");
    assertThat(sim.dropSockets()).contains("\"dropped\":3");
    sim.publish(FREEZER, "max_temp", -20, -19, -18, -17, -16);
    sim.connectivity(FREEZER, "Offline");
    sim.connectivity(FREEZER, "Online");
    page.waitFor(
        "every upstream stream to report its reconnect and be live again",
        d ->
            TYPES.stream()
                .allMatch(
                    t ->
                        "live".equals(page.upstream(t, "upstreamState"))
                            && Integer.parseInt(page.upstream(t, "reconnects")) >= 1));
    page.waitFor(
        "the paused page to count the resumed events",
        d -> page.text("paused-info").startsWith("Paused: 7 new events waiting"));
    assertThat(page.rows()).as("the table stands still while paused").hasSize(2);
    page.click("pause");
    page.toggle(LED_BOARD, "Blue_LED").click();
    page.waitFor(
        "the events published while the socket was down, and the second toggle's ack",
        d ->
            page.hasRow("datapoint", "max_temp", "-16")
                && page.hasRow("connectivity", "", "Online")
                && page.hasRow("datapointack", "Blue_LED", "0"));

    List<DemoPage.Row> rows = page.rows();
    assertThat(rows).noneMatch(r -> r.type().equals("gap"));
    Map<String, List<Long>> seqs = DemoPage.seqsByType(rows);
    assertThat(seqs.get("datapoint")).as("datapoint seqs").hasSize(7);
    assertThat(seqs.get("datapointack")).as("datapointack seqs").hasSize(2);
    assertThat(seqs.get("connectivity")).as("connectivity seqs").hasSize(2);
    seqs.forEach(
        (type, list) ->
            assertThat(DemoPage.contiguous(list))
                .as("%s seqs %s have no hole", type, list)
                .isTrue());
    assertThat(rows.get(0).type()).as("newest first").isEqualTo("datapointack");
    assertThat(page.chartedValue(FREEZER, "max_temp")).isEqualTo("-16");
    assertThat(page.connectionState()).as("the browser's stream never broke").isEqualTo("live");
    assertThat(page.counters())
        .containsEntry("datapoint", 7L)
        .containsEntry("datapointack", 2L)
        .containsEntry("connectivity", 2L);
    assertThat(page.text("counters"))
        .as("the stream's reconnect counter")
        .contains("stream reconnects: 0");

    page.screenshot(SCREENSHOT);
    assertThat(SCREENSHOT).isNotEmptyFile();
  }
}
