package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Service mode: one Ayla account serves every browser; JWT claims limit what each may read (else 403). */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceModeTest extends GatewayTestBase {

  @Test
  void browsersShareServiceStreamsAndClaimsLimitWhatEachMayRead(Vertx vertx) {
    gw =
        TestGateway.start(
            vertx,
            Map.of(
                "auth.mode",
                "service",
                "auth.service.email",
                TestGateway.DEMO,
                "auth.service.password",
                TestGateway.DEMO_PASSWORD));
    ForgedTokens tokens = new ForgedTokens(vertx);
    String owner = gw.loginDemo();
    String linuxOnly =
        tokens.gatewaySigned(
            ForgedTokens.claims("kiosk", 3600)
                .put("dss_models", new JsonArray().add("*"))
                .put("dss_dsns", new JsonArray().add(LINUX_DSN)));
    String nobody = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);

    String linux = "subscription_type=datapoint&dsn=" + LINUX_DSN;
    SseClient ownerBrowser = gw.openStream(linux, owner, null);
    SseClient kioskBrowser = gw.openStream(linux, linuxOnly, null);
    assertThat(gw.simStats().getInteger("subscriptions"))
        .as("shared across users in service mode")
        .isEqualTo(1);
    gw.publish(LINUX_DSN, "Blue_button", List.of(1));
    ownerBrowser.awaitEvents("datapoint", 1);
    kioskBrowser.awaitEvents("datapoint", 1);

    HttpResponse<Buffer> outside =
        gw.get("/events?subscription_type=datapoint&dsn=" + LED_DSN, linuxOnly);
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(outside.bodyAsJsonObject().getString("error")).isEqualTo("insufficient_scope");
    assertThat(outside.getHeader("WWW-Authenticate")).contains("insufficient_scope");
    HttpResponse<Buffer> anyModel =
        gw.get("/events?subscription_type=datapoint&oem_model=linuxevb&dsn=*", linuxOnly);
    assertThat(anyModel.statusCode())
        .as("every DSN of a model is wider than one DSN")
        .isEqualTo(403);

    HttpResponse<Buffer> noDevices = gw.get("/events?" + linux, nobody);
    assertThat(noDevices.statusCode()).isEqualTo(403);
    assertThat(gw.get("/api/devices", nobody).bodyAsJsonArray()).isEmpty();
    assertThat(gw.get("/api/devices", linuxOnly).bodyAsJsonArray()).hasSize(1);
    assertThat(gw.get("/api/devices/" + LED_DSN + "/properties", linuxOnly).statusCode())
        .isEqualTo(403);

    SseClient ledBrowser = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, owner, null);
    assertThat(gw.streams(owner)).as("the owner sees both service streams").hasSize(2);
    assertThat(gw.streams(linuxOnly))
        .as("a limited browser sees only the streams its claims cover")
        .singleElement()
        .satisfies(
            s ->
                assertThat(((io.vertx.core.json.JsonObject) s).getString("dsn"))
                    .isEqualTo(LINUX_DSN));
    assertThat(gw.streams(nobody)).isEmpty();
    ledBrowser.close();
  }
}
