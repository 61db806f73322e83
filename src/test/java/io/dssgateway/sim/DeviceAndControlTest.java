package io.dssgateway.sim;

import static io.dssgateway.sim.SimFixture.FREEZER_DSN;
import static io.dssgateway.sim.SimFixture.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The device service and the control API, including its protection and bulk publishing. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeviceAndControlTest {

  private SimFixture sim;

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void theDemoAccountOwnsTheDefaultDevicesAndOthersSeeNone(Vertx vertx) {
    sim = SimFixture.start(vertx);
    JsonArray devices = sim.get("/apiv1/devices.json", sim.signIn()).bodyAsJsonArray();
    assertThat(devices.stream().map(d -> ((JsonObject) d).getJsonObject("device").getString("dsn")))
        .contains(LED_DSN, SimFixture.LINUX_DSN, FREEZER_DSN);
    JsonObject led = devices.getJsonObject(0).getJsonObject("device");
    assertThat(led.getString("oem_model")).isEqualTo("ledevb");
    assertThat(led.getString("connection_status")).isEqualTo("Online");
    String other = sim.signIn("other@example.com", "other1234");
    assertThat(sim.get("/apiv1/devices.json", other).bodyAsJsonArray()).isEmpty();
    assertThat(sim.get("/apiv1/dsns/" + LED_DSN + "/properties.json", other).statusCode())
        .isEqualTo(404);
  }

  @Test
  void propertiesListTheTwinWithDirections(Vertx vertx) {
    sim = SimFixture.start(vertx);
    JsonArray props =
        sim.get("/apiv1/dsns/" + FREEZER_DSN + "/properties.json", sim.signIn()).bodyAsJsonArray();
    JsonObject maxTemp =
        props.stream()
            .map(p -> ((JsonObject) p).getJsonObject("property"))
            .filter(p -> p.getString("name").equals("max_temp"))
            .findFirst()
            .orElseThrow();
    assertThat(maxTemp.getString("display_name")).isEqualTo("Max Temp");
    assertThat(maxTemp.getString("base_type")).isEqualTo("integer");
    assertThat(maxTemp.getString("direction")).isEqualTo("input");
    assertThat(sim.get("/apiv1/dsns/NOPE/properties.json", sim.signIn()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void settingAPropertyAnswers201AndUpdatesTheTwin(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    String path = "/apiv1/dsns/" + FREEZER_DSN + "/properties/max_temp/datapoints.json";
    HttpResponse<Buffer> r =
        sim.post(
            path, token, new JsonObject().put("datapoint", new JsonObject().put("value", -20)));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getJsonObject("datapoint").getInteger("value")).isEqualTo(-20);
    assertThat(r.bodyAsJsonObject().getJsonObject("datapoint").getBoolean("echo")).isFalse();
    JsonArray props =
        sim.get("/apiv1/dsns/" + FREEZER_DSN + "/properties.json", token).bodyAsJsonArray();
    assertThat(props.encode()).contains("\"value\":-20");
    assertThat(
            sim.post(
                    path,
                    token,
                    new JsonObject().put("datapoint", new JsonObject().put("value", "warm")))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            sim.post(path, token, new JsonObject().put("datapoint", new JsonObject())).statusCode())
        .isEqualTo(422);
    assertThat(sim.post(path, token, new JsonObject().put("value", 1)).statusCode()).isEqualTo(422);
    assertThat(sim.post(path, token, Buffer.buffer("nope")).statusCode()).isEqualTo(400);
    assertThat(
            sim.post(
                    "/apiv1/dsns/" + FREEZER_DSN + "/properties/nope/datapoints.json",
                    token,
                    new JsonObject().put("datapoint", new JsonObject().put("value", 1)))
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void updatingTheLocationPublishesALocationEvent(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    DssSocket s =
        sim.connect(
            sim.subscribe(token, SimFixture.subscriptionBody("location", "ledevb", null, null))
                .getString("stream_key"));
    int key =
        sim.get("/apiv1/devices.json", token)
            .bodyAsJsonArray()
            .getJsonObject(0)
            .getJsonObject("device")
            .getInteger("key");
    String path = "/apiv1/devices/" + key + "/location.json";
    JsonObject body =
        new JsonObject()
            .put("location", new JsonObject().put("lat", "48.864716").put("long", "2.349014"));
    assertThat(sim.call(HttpMethod.PUT, path, token, body).statusCode()).isEqualTo(200);
    assertThat(s.nextEvent().getJsonObject("location_event").getString("long"))
        .isEqualTo("2.349014");
    JsonObject bad =
        new JsonObject().put("location", new JsonObject().put("lat", "91").put("long", "east"));
    HttpResponse<Buffer> r = sim.call(HttpMethod.PUT, path, token, bad);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getJsonObject("errors").fieldNames())
        .containsExactlyInAnyOrder("lat", "long");
    assertThat(sim.call(HttpMethod.PUT, "/apiv1/devices/1/location.json", token, body).statusCode())
        .isEqualTo(404);
  }

  /** A simulator, and a DSS socket on its freezer's {@code too_warm} datapoints. */
  private DssSocket freezerDatapoints(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    JsonObject sub =
        sim.subscribe(
            token,
            SimFixture.subscriptionBody("datapoint", "freezer-model", FREEZER_DSN, "too_warm"));
    return sim.connect(sub.getString("stream_key"));
  }

  @Test
  void bulkDatapointsPublishTenThousandValuesInOrderBeforeAnswering(Vertx vertx) {
    DssSocket s = freezerDatapoints(vertx);
    JsonArray values = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      values.add(1_000_000L + i);
    }
    long t0 = System.nanoTime();
    JsonObject r =
        sim.control(
            "/sim/datapoints",
            new JsonObject()
                .put("dsn", FREEZER_DSN)
                .put("property_name", "too_warm")
                .put("values", values));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.getInteger("published")).isEqualTo(10_000);
    assertThat(ms).as("10,000 datapoints in one call").isLessThan(5_000);
    assertThat(sim.stats().getLong("events_published")).isEqualTo(10_000);
    for (int i = 0; i < 10_000; i++) {
      JsonObject e = s.nextEvent();
      assertThat(e.getString("seq")).isEqualTo(String.valueOf(i + 1));
      assertThat(e.getJsonObject("datapoint").getLong("value")).isEqualTo(1_000_000L + i);
    }
  }

  @Test
  void aBatchOfDatapointsIsValidatedWholeThenPublishedInOrder(Vertx vertx) {
    DssSocket s = freezerDatapoints(vertx);
    JsonObject first =
        new JsonObject()
            .put("dsn", FREEZER_DSN)
            .put("property_name", "too_warm")
            .put("values", new JsonArray().add(1).add(2));
    JsonObject second = first.copy().put("values", new JsonArray().add(3));

    HttpResponse<Buffer> notAnObject =
        sim.post("/sim/datapoints", null, new JsonArray().add(first).add("three"));
    assertThat(notAnObject.statusCode()).isEqualTo(422);
    assertThat(notAnObject.bodyAsJsonObject().getJsonObject("errors").fieldNames())
        .containsExactly("[1]");
    HttpResponse<Buffer> badField =
        sim.post(
            "/sim/datapoints", null, new JsonArray().add(first).add(second.copy().put("x", 1)));
    assertThat(badField.statusCode()).isEqualTo(422);
    assertThat(badField.bodyAsJsonObject().getJsonObject("errors").fieldNames())
        .containsExactly("[1].x");
    assertThat(sim.post("/sim/datapoints", null, new JsonArray()).statusCode()).isEqualTo(422);
    assertThat(sim.stats().getLong("events_published")).as("nothing of a bad batch").isZero();

    assertThat(
            sim.post("/sim/datapoints", null, new JsonArray().add(first).add(second))
                .bodyAsJsonObject()
                .getInteger("published"))
        .isEqualTo(3);
    for (int i = 1; i <= 3; i++) {
      JsonObject e = s.nextEvent();
      assertThat(e.getString("seq")).isEqualTo(String.valueOf(i));
      assertThat(e.getJsonObject("datapoint").getInteger("value")).isEqualTo(i);
    }
  }

  @Test
  void controlCallsValidateTheirBodies(Vertx vertx) {
    sim = SimFixture.start(vertx);
    assertThat(
            sim.post("/sim/datapoints", null, new JsonObject().put("dsn", FREEZER_DSN))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            sim.post(
                    "/sim/datapoints",
                    null,
                    new JsonObject()
                        .put("dsn", "NOPE")
                        .put("property_name", "x")
                        .put("values", new JsonArray()))
                .statusCode())
        .isEqualTo(404);
    assertThat(
            sim.post(
                    "/sim/datapoints",
                    null,
                    new JsonObject()
                        .put("dsn", FREEZER_DSN)
                        .put("property_name", "too_warm")
                        .put("values", new JsonArray().add(new JsonObject())))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            sim.post(
                    "/sim/devices/" + LED_DSN + "/connectivity",
                    null,
                    new JsonObject().put("status", "Maybe"))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            sim.post(
                    "/sim/devices/" + LED_DSN + "/registration",
                    null,
                    new JsonObject().put("registered", "yes"))
                .statusCode())
        .isEqualTo(422);
    assertThat(
            sim.post(
                    "/sim/devices/NOPE/location",
                    null,
                    new JsonObject().put("lat", "1").put("long", "1"))
                .statusCode())
        .isEqualTo(404);
    assertThat(sim.post("/sim/heartbeats", null, new JsonObject().put("send", "no")).statusCode())
        .isEqualTo(422);
    assertThat(sim.post("/sim/generator", null, new JsonObject().put("rate", -1)).statusCode())
        .isEqualTo(422);
    assertThat(
            sim.post("/sim/sockets/garbage", null, new JsonObject().put("frames", "many"))
                .statusCode())
        .isEqualTo(422);
  }

  @Test
  void garbageFramesReachOpenSocketsWithoutClosingThem(Vertx vertx) {
    sim = SimFixture.start(vertx);
    DssSocket s =
        sim.connect(
            sim.subscribe(
                    sim.signIn(), SimFixture.subscriptionBody("connectivity", "ledevb", null, null))
                .getString("stream_key"));
    sim.control("/sim/sockets/garbage", new JsonObject().put("frames", 4));
    assertThat(s.nextRaw()).isEqualTo("999|{\"seq\":\"0\"}");
    assertThat(s.nextRaw()).doesNotContain("|");
    assertThat(s.nextRaw()).isEqualTo("8|not json");
    assertThat(s.nextRaw()).isEmpty();
    sim.control(
        "/sim/devices/" + LED_DSN + "/connectivity", new JsonObject().put("status", "Online"));
    assertThat(s.nextEvent().getString("seq")).isEqualTo("1");
  }

  @Test
  void deletingEverySubscriptionClosesTheirSocketsAndStatsCountThem(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    DssSocket a =
        sim.connect(
            sim.subscribe(token, SimFixture.subscriptionBody("datapoint", "ledevb", null, null))
                .getString("stream_key"));
    sim.subscribe(token, SimFixture.subscriptionBody("location", "ledevb", null, null));
    JsonObject stats = sim.stats();
    assertThat(stats.getInteger("subscriptions")).isEqualTo(2);
    assertThat(stats.getInteger("open_sockets")).isEqualTo(1);
    assertThat(
            sim.call(HttpMethod.DELETE, "/sim/subscriptions", null, null)
                .bodyAsJsonObject()
                .getInteger("deleted"))
        .isEqualTo(2);
    assertThat(a.awaitClose()).isEqualTo(CloseCodes.SUBSCRIPTION_DELETED);
    assertThat(sim.stats().getInteger("subscriptions")).isZero();
    assertThat(sim.get("/api/v1/subscriptions.json", token).bodyAsJsonArray()).isEmpty();
  }

  @Test
  void theGeneratorPublishesUntilStopped(Vertx vertx) {
    sim = SimFixture.start(vertx);
    DssSocket s =
        sim.connect(
            sim.subscribe(
                    sim.signIn(), SimFixture.subscriptionBody("datapoint", "ledevb", null, null))
                .getString("stream_key"));
    assertThat(sim.control("/sim/generator", new JsonObject().put("rate", 200)).getDouble("rate"))
        .isEqualTo(200.0);
    assertThat(s.nextEvent().getJsonObject("metadata").getString("oem_model")).isEqualTo("ledevb");
    assertThat(sim.control("/sim/generator", new JsonObject().put("rate", 0)).getDouble("rate"))
        .isZero();
  }

  @Test
  void aControlTokenProtectsTheControlApi(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.control-token", "s3cret"));
    assertThat(sim.get("/sim/stats", null).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> ok =
        sim.http
            .get(sim.port, "127.0.0.1", "/sim/stats")
            .putHeader("Authorization", "Bearer s3cret")
            .send()
            .await();
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void theControlApiIsAbsentWhenDisabledOrOpenOnANonLoopbackHost(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.control-enabled", "false"));
    assertThat(sim.get("/sim/stats", null).statusCode()).isEqualTo(404);
    assertThat(SimConfig.of(Map.of("sim.host", "0.0.0.0")).controlServed()).isFalse();
    assertThat(SimConfig.of(Map.of("sim.host", "127.0.0.1")).controlServed()).isTrue();
  }
}
