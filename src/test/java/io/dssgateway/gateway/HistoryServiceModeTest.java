package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static io.dssgateway.gateway.TestGateway.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Service mode: collected streams run under the service account; what a caller reads of history is what its JWT claims cover. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HistoryServiceModeTest extends GatewayTestBase {

  @Test
  void historyIsLimitedByTheCallersClaims(Vertx vertx) {
    gw =
        TestGateway.start(
            vertx,
            Map.of(
                "auth.mode",
                "service",
                "auth.service.email",
                TestGateway.DEMO,
                "auth.service.password",
                TestGateway.DEMO_PASSWORD,
                "history.database-url",
                "mem",
                "history.streams",
                "subscription_type=datapoint&dsn=" + LED_DSN + "," + LINUX_DSN));
    String owner = gw.loginDemo();
    HistoryFixture.awaitCollecting(gw, owner);
    String linuxOnly = new ForgedTokens(vertx).limitedTo(LINUX_DSN);
    gw.publish(LED_DSN, "Blue_button", List.of(1, 2, 3));
    gw.publish(LINUX_DSN, "Blue_button", List.of(4, 5, 6));
    Eventually.read(
        "six stored",
        Duration.ofSeconds(20),
        () -> HistoryFixture.readAll(gw, owner, "dsn=" + LED_DSN + "," + LINUX_DSN),
        e -> e.size() == 6);

    assertThat(HistoryFixture.values(HistoryFixture.readAll(gw, linuxOnly, "dsn=" + LINUX_DSN)))
        .containsExactly(4, 5, 6);
    assertJsonError(gw.get("/api/history?dsn=" + LED_DSN, linuxOnly), 403, "insufficient_scope");
    assertJsonError(
        gw.get("/api/history?dsn=*", linuxOnly),
        403,
        "insufficient_scope"); // wider than its one DSN, as /events
    assertThat(HistoryFixture.metric(gw, "dss_history_events_stored_total")).isEqualTo(6);
    assertThat(HistoryFixture.metric(gw, "dss_history_lag_events")).isZero();
  }
}
