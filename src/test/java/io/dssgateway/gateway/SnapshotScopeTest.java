package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static io.dssgateway.gateway.TestGateway.OTHERS_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots and {@code GET /api/state} show a browser only what its scope may see: its own devices, its claims. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotScopeTest extends GatewayTestBase {

  @TempDir Path dir;

  private static List<String> dsns(JsonObject state) {
    return state.getJsonArray("devices").stream()
        .map(d -> ((JsonObject) d).getString("dsn"))
        .toList();
  }

  @Test
  void perUserSnapshotsAndStateHoldOnlyTheUsersOwnDevices(Vertx vertx) {
    gw = TestGateway.start(vertx, TestGateway.withOthersBoard(dir));
    String demo = gw.loginDemo();
    String other = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    gw.publish(OTHERS_DSN, "Blue_button", List.of(4));

    SseClient own =
        gw.openStream(
                "subscription_type=datapoint&oem_model=ledevb&dsn=*&snapshot=true", other, null)
            .awaitEvents("snapshot", 1);
    assertThat(dsns(own.events().get(0).json())).containsExactly(OTHERS_DSN);

    var state = gw.get("/api/state", other);
    assertThat(state.statusCode()).as(state.bodyAsString()).isEqualTo(200);
    assertThat(dsns(state.bodyAsJsonObject())).containsExactly(OTHERS_DSN);
    assertThat(dsns(gw.get("/api/state", demo).bodyAsJsonObject()))
        .contains(LED_DSN)
        .doesNotContain(OTHERS_DSN);

    TestGateway.assertJsonError(gw.get("/api/state?dsn=" + LED_DSN, other), 403, "not_owned");
    TestGateway.assertJsonError(
        gw.get("/events?subscription_type=datapoint&dsn=" + LED_DSN + "&snapshot=true", other),
        403,
        "not_owned");
  }

  @Test
  void aTokenLimitedByClaimsGetsTheStateOfTheDevicesItsClaimsCoverOnly(Vertx vertx) {
    gw = TestGateway.start(vertx, TestGateway.serviceMode());
    String linuxOnly = new ForgedTokens(vertx).limitedTo(LINUX_DSN);

    var state = gw.get("/api/state?dsn=" + LINUX_DSN, linuxOnly);
    assertThat(state.statusCode()).as(state.bodyAsString()).isEqualTo(200);
    assertThat(dsns(state.bodyAsJsonObject())).containsExactly(LINUX_DSN);
    SseClient stream =
        gw.openStream(
                "subscription_type=datapoint&dsn=" + LINUX_DSN + "&snapshot=true", linuxOnly, null)
            .awaitEvents("snapshot", 1);
    assertThat(dsns(stream.events().get(0).json())).containsExactly(LINUX_DSN);

    TestGateway.assertJsonError(gw.get("/api/state", linuxOnly), 403, "insufficient_scope");
    TestGateway.assertJsonError(
        gw.get("/api/state?dsn=" + LED_DSN, linuxOnly), 403, "insufficient_scope");
    TestGateway.assertJsonError(
        gw.get("/events?subscription_type=datapoint&dsn=" + LED_DSN + "&snapshot=true", linuxOnly),
        403,
        "insufficient_scope");
  }
}
