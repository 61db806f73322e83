package io.dssgateway.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page when its session expires mid-stream: it asks to sign in again and resumes where it stopped. */
class DemoPageSessionExpiryTest {

  private static final String FREEZER = "VD0bbb112e0000011";

  @TempDir Path tmp;
  private DemoHarness harness;
  private DemoPage page;

  @BeforeEach
  void start() throws Exception {
    // short-lived sessions; the shared streams linger long enough to be resumed after signing in
    // again
    harness =
        new DemoHarness(
            tmp,
            Map.of(
                "auth.jwt.ttl-seconds",
                "8",
                "auth.jwt.leeway-seconds",
                "0",
                "hub.linger-ms",
                "30000"));
    page = new DemoPage(harness.driver, Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void expiredSessionAsksToSignInAgainAndResumesWithoutLosingEvents() {
    page.open(harness.url());
    page.signIn();
    page.subscribe(List.of("datapoint", "datapointack", "connectivity"));
    harness.sim.publish(FREEZER, "max_temp", -30);
    page.waitFor("the first event", d -> page.hasRow("datapoint", "max_temp", "-30"));

    page.waitFor("the sign-in form after the session expired", d -> page.isShown("login-view"));
    assertThat(page.text("notice")).contains("session has expired");
    harness.sim.publish(FREEZER, "max_temp", -29, -28);

    page.signIn();
    page.waitFor("the stream live again", d -> "live".equals(page.connectionState()));
    page.waitFor(
        "the events published while signed out", d -> page.hasRow("datapoint", "max_temp", "-28"));
    List<DemoPage.Row> rows = page.rows();
    assertThat(rows).noneMatch(r -> r.type().equals("gap"));
    List<Long> seqs = DemoPage.seqsByType(rows).get("datapoint");
    assertThat(seqs).hasSize(3);
    assertThat(DemoPage.contiguous(seqs)).as("datapoint seqs %s", seqs).isTrue();
  }
}
