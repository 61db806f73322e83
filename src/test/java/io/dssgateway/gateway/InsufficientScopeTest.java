package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static io.dssgateway.gateway.TestGateway.assertJsonError;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every 403 insufficient_scope carries the RFC 6750 Bearer challenge, whichever route refuses. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InsufficientScopeTest extends GatewayTestBase {

  private static final String CHALLENGE =
      "Bearer realm=\"dss-gateway\", error=\"insufficient_scope\"";
  private static final String COLLECTED =
      "subscription_type=datapoint&dsn=" + LED_DSN + "," + LINUX_DSN;

  @Test
  void aTokenLimitedByClaimsIsRefusedWithTheChallengeOnStreamsDevicesAndHistory(Vertx vertx) {
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
                COLLECTED));
    String linuxOnly = new ForgedTokens(vertx).limitedTo(LINUX_DSN);

    assertInsufficientScope(
        gw.get("/events?subscription_type=datapoint&dsn=" + LED_DSN, linuxOnly));
    assertInsufficientScope(gw.get("/api/devices/" + LED_DSN + "/properties", linuxOnly));
    assertInsufficientScope(gw.get("/api/history?dsn=" + LED_DSN, linuxOnly));
  }

  @Test
  void aUserAskingTheHistoryOfAnotherUsersDeviceIsRefusedWithTheChallenge(Vertx vertx) {
    gw =
        TestGateway.start(
            vertx, Map.of("history.database-url", "mem", "history.streams", COLLECTED));
    String other = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);

    assertInsufficientScope(gw.get("/api/history?dsn=" + LED_DSN, other));
  }

  private static void assertInsufficientScope(HttpResponse<Buffer> r) {
    assertJsonError(r, 403, "insufficient_scope");
    assertThat(r.getHeader("WWW-Authenticate")).isEqualTo(CHALLENGE);
  }
}
