package io.dssgateway.sim;

import static io.dssgateway.sim.SimFixture.FREEZER_DSN;
import static io.dssgateway.sim.SimFixture.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each of the five event types arrives as a {@code <len>|<json>} frame in exactly the documented shape. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EventShapeTest {

  private SimFixture sim;
  private String token;

  @BeforeEach
  void start(Vertx vertx) {
    sim = SimFixture.start(vertx);
    token = sim.signIn();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private DssSocket socketFor(String type, String model, String dsn, String property) {
    return sim.connect(
        sim.subscribe(token, SimFixture.subscriptionBody(type, model, dsn, property))
            .getString("stream_key"));
  }

  private static void assertMetadata(JsonObject event, String type, String model, String dsn) {
    JsonObject md = event.getJsonObject("metadata");
    assertThat(md.getString("oem_id")).isEqualTo("0dfc7900");
    assertThat(md.getString("oem_model")).isEqualTo(model);
    assertThat(md.getString("dsn")).isEqualTo(dsn);
    assertThat(md.getJsonArray("resource_tags")).isEqualTo(new JsonArray());
    assertThat(md.getString("event_type")).isEqualTo(type);
  }

  @Test
  void connectivityEventHasDocumentedShape() {
    DssSocket s = socketFor("connectivity", "ledevb", null, null);
    sim.control(
        "/sim/devices/" + LED_DSN + "/connectivity", new JsonObject().put("status", "Offline"));
    JsonObject e = s.nextEvent();
    assertThat(List.copyOf(e.fieldNames())).containsExactly("seq", "metadata", "connection");
    assertThat(e.getString("seq")).isEqualTo("1");
    assertMetadata(e, "connectivity", "ledevb", LED_DSN);
    JsonObject c = e.getJsonObject("connection");
    assertThat(c.fieldNames()).containsExactlyInAnyOrder("event_time", "user_uuid", "status");
    assertThat(c.getString("status")).isEqualTo("Offline");
  }

  @Test
  void datapointEventHasDocumentedShapeAndKeepsTheValueType() {
    DssSocket s = socketFor("datapoint", "freezer-model", null, null);
    sim.control(
        "/sim/datapoints",
        new JsonObject()
            .put("dsn", FREEZER_DSN)
            .put("property_name", "too_warm")
            .put("values", new JsonArray().add(true).add(7).add("x")));
    JsonObject e = s.nextEvent();
    assertThat(List.copyOf(e.fieldNames())).containsExactly("seq", "metadata", "datapoint");
    assertMetadata(e, "datapoint", "freezer-model", FREEZER_DSN);
    JsonObject md = e.getJsonObject("metadata");
    assertThat(md.getString("property_name")).isEqualTo("too_warm");
    assertThat(md.getString("display_name")).isEqualTo("Too Warm");
    assertThat(md.getString("base_type")).isEqualTo("boolean");
    JsonObject dp = e.getJsonObject("datapoint");
    assertThat(dp.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "created_at_from_device",
            "updated_at",
            "created_at",
            "user_uuid",
            "echo",
            "closed",
            "value",
            "metadata");
    assertThat(dp.getValue("value")).isEqualTo(true);
    assertThat(s.nextEvent().getJsonObject("datapoint").getValue("value")).isEqualTo(7);
    JsonObject third = s.nextEvent();
    assertThat(third.getJsonObject("datapoint").getValue("value")).isEqualTo("x");
    assertThat(third.getString("seq")).isEqualTo("3");
  }

  @Test
  void datapointAckFollowsAnAppSetOfAToDeviceProperty() {
    DssSocket acks = socketFor("datapointack", "ledevb", LED_DSN, "Blue_LED");
    assertThat(
            sim.post(
                    "/apiv1/dsns/" + LED_DSN + "/properties/Blue_LED/datapoints.json",
                    token,
                    new JsonObject().put("datapoint", new JsonObject().put("value", 1)))
                .statusCode())
        .isEqualTo(201);
    JsonObject e = acks.nextEvent();
    assertThat(List.copyOf(e.fieldNames())).containsExactly("seq", "metadata", "datapoint");
    assertMetadata(e, "datapointack", "ledevb", LED_DSN);
    JsonObject dp = e.getJsonObject("datapoint");
    assertThat(dp.fieldNames())
        .contains(
            "id",
            "created_at",
            "updated_at",
            "user_uuid",
            "echo",
            "closed",
            "value",
            "metadata",
            "ack_message",
            "ack_status",
            "ack_id",
            "acked_at");
    assertThat(dp.getInteger("ack_status")).isEqualTo(200);
    assertThat(dp.getValue("value")).isEqualTo(1);
  }

  @Test
  void locationEventHasDocumentedShape() {
    DssSocket s = socketFor("location", "*", FREEZER_DSN, null);
    sim.control(
        "/sim/devices/" + FREEZER_DSN + "/location",
        new JsonObject().put("lat", "48.864716").put("long", "2.349014"));
    JsonObject e = s.nextEvent();
    assertThat(List.copyOf(e.fieldNames())).containsExactly("seq", "metadata", "location_event");
    assertMetadata(e, "location", "freezer-model", FREEZER_DSN);
    JsonObject l = e.getJsonObject("location_event");
    assertThat(l.fieldNames())
        .containsExactlyInAnyOrder(
            "dsn", "ip", "lat", "long", "provider", "user_uuid", "created_at");
    assertThat(l.getString("lat")).isEqualTo("48.864716");
    assertThat(l.getString("long")).isEqualTo("2.349014");
    assertThat(l.getString("provider")).isEqualTo("ip-based");
  }

  @Test
  void registrationEventHasDocumentedShape() {
    DssSocket s = socketFor("registration", "ledevb", null, null);
    sim.control(
        "/sim/devices/" + LED_DSN + "/registration", new JsonObject().put("registered", false));
    sim.control(
        "/sim/devices/" + LED_DSN + "/registration", new JsonObject().put("registered", true));
    JsonObject off = s.nextEvent();
    assertThat(List.copyOf(off.fieldNames()))
        .containsExactly("seq", "metadata", "registration_event");
    assertMetadata(off, "registration", "ledevb", LED_DSN);
    JsonObject r = off.getJsonObject("registration_event");
    assertThat(r.fieldNames())
        .containsExactlyInAnyOrder(
            "dsn", "user_uuid", "registered", "registration_type", "unregistered_at");
    assertThat(r.getBoolean("registered")).isFalse();
    JsonObject on = s.nextEvent().getJsonObject("registration_event");
    assertThat(on.getBoolean("registered")).isTrue();
    assertThat(on.containsKey("registered_at")).isTrue();
  }

  @Test
  void lengthPrefixCountsTheAsciiJsonTextEvenForNonAsciiValues() {
    DssSocket s = socketFor("datapoint", "freezer-model", null, null);
    String value = "Température ❄ 😀";
    sim.control(
        "/sim/datapoints",
        new JsonObject()
            .put("dsn", FREEZER_DSN)
            .put("property_name", "too_warm")
            .put("values", new JsonArray().add(value)));
    String frame = s.nextRaw();
    assertThat(frame.chars().allMatch(c -> c < 0x80)).as("non-ASCII escaped: " + frame).isTrue();
    JsonObject e = DssSocket.parse(frame);
    assertThat(e.getJsonObject("datapoint").getString("value")).isEqualTo(value);
  }
}
