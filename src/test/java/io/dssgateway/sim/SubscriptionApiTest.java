package io.dssgateway.sim;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** DSS REST: create (both body shapes), list, get, delete, validation 422, ownership 404. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SubscriptionApiTest {

  private static final String PATH = "/api/v1/subscriptions.json";
  private SimFixture sim;
  private String token;

  @BeforeEach
  void start(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.max-subscriptions", "5"));
    token = sim.signIn();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private JsonObject errorsOf(Object body) {
    HttpResponse<Buffer> r = sim.post(PATH, token, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("validation_failed");
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
    return r.bodyAsJsonObject().getJsonObject("errors");
  }

  @Test
  void createAnswers201WithTheDocumentedSubscription() {
    JsonObject s =
        sim.subscribe(token, SimFixture.subscriptionBody("datapoint", "freezer-model", null, null));
    assertThat(s.fieldNames())
        .containsExactlyInAnyOrder(
            "id",
            "oem",
            "dsn",
            "name",
            "description",
            "property_name",
            "connection_status",
            "batch_size",
            "is_suspended",
            "created_at",
            "updated_at",
            "date_suspended",
            "user_uuid",
            "oem_model",
            "stream_key",
            "client_type",
            "subscription_type");
    assertThat(s.getString("stream_key")).matches("[0-9a-f]{32}");
    assertThat(s.getString("dsn")).isEqualTo("*");
    assertThat(s.getString("property_name")).isEqualTo("*");
    assertThat(s.getString("connection_status")).isEqualTo("Offline");
    assertThat(s.getString("oem")).isEqualTo("0dfc7900");
    assertThat(s.getString("subscription_type")).isEqualTo("datapoint");
  }

  @Test
  void createAcceptsTheWrappedBodyShape() {
    JsonObject wrapped =
        new JsonObject()
            .put(
                "subscription",
                SimFixture.subscriptionBody("location", "*", "AC000W000340649", null));
    JsonObject s = sim.subscribe(token, wrapped);
    assertThat(s.getString("oem_model")).isEqualTo("*");
    assertThat(s.getString("dsn")).isEqualTo("AC000W000340649");
  }

  @Test
  void invalidBodiesAre422NamingTheBadFields() {
    assertThat(errorsOf(new JsonObject()).fieldNames())
        .containsExactlyInAnyOrder("subscription_type", "client_type", "oem_model");
    assertThat(errorsOf(SimFixture.subscriptionBody("alerts", "ledevb", null, null)).fieldNames())
        .containsExactly("subscription_type");
    assertThat(
            errorsOf(
                    SimFixture.subscriptionBody("datapoint", "ledevb", null, null)
                        .put("client_type", "browser"))
                .fieldNames())
        .containsExactly("client_type");
    assertThat(errorsOf(SimFixture.subscriptionBody("datapoint", "*", null, null)).fieldNames())
        .containsExactly("dsn");
    assertThat(
            errorsOf(SimFixture.subscriptionBody("datapoint", "ledevb,,x", "a,*", null))
                .fieldNames())
        .containsExactlyInAnyOrder("oem_model", "dsn");
    assertThat(
            errorsOf(
                    SimFixture.subscriptionBody("datapoint", "ledevb", null, null)
                        .put("colour", "red"))
                .fieldNames())
        .containsExactly("colour");
    assertThat(
            errorsOf(SimFixture.subscriptionBody("datapoint", "ledevb", null, null).put("dsn", 5))
                .fieldNames())
        .containsExactly("dsn");
  }

  @Test
  void malformedOrNonObjectBodiesAre400() {
    assertThat(sim.post(PATH, token, Buffer.buffer("{\"subscription\":")).statusCode())
        .isEqualTo(400);
    assertThat(sim.post(PATH, token, new JsonArray().add(1)).statusCode()).isEqualTo(400);
    assertThat(sim.post(PATH, token, null).statusCode()).isEqualTo(400);
  }

  @Test
  void subscriptionsBeyondTheMaximumAre429() {
    for (int i = 0; i < 5; i++) {
      sim.subscribe(token, SimFixture.subscriptionBody("datapoint", "ledevb", null, null));
    }
    assertThat(
            sim.post(PATH, token, SimFixture.subscriptionBody("datapoint", "ledevb", null, null))
                .statusCode())
        .isEqualTo(429);
  }

  @Test
  void listGetAndDeleteSeeOnlyTheCallersSubscriptions() {
    JsonObject mine =
        sim.subscribe(token, SimFixture.subscriptionBody("datapoint", "ledevb", null, null));
    String other = sim.signIn("other@example.com", "other1234");
    JsonObject theirs =
        sim.subscribe(other, SimFixture.subscriptionBody("datapoint", "ledevb", null, null));
    JsonArray list = sim.get(PATH, token).bodyAsJsonArray();
    assertThat(list).hasSize(1);
    assertThat(list.getJsonObject(0).getJsonObject("subscription").getLong("id"))
        .isEqualTo(mine.getLong("id"));
    String mineUrl = "/api/v1/subscriptions/" + mine.getLong("id") + ".json";
    String theirsUrl = "/api/v1/subscriptions/" + theirs.getLong("id") + ".json";
    assertThat(
            sim.get(mineUrl, token)
                .bodyAsJsonObject()
                .getJsonObject("subscription")
                .getString("stream_key"))
        .isEqualTo(mine.getString("stream_key"));
    assertThat(sim.get(theirsUrl, token).statusCode()).isEqualTo(404);
    assertThat(sim.call(HttpMethod.DELETE, theirsUrl, token, null).statusCode()).isEqualTo(404);
    assertThat(sim.get("/api/v1/subscriptions/999999.json", token).statusCode()).isEqualTo(404);
    assertThat(sim.get("/api/v1/subscriptions/abc.json", token).statusCode()).isEqualTo(404);
    assertThat(sim.call(HttpMethod.DELETE, mineUrl, token, null).statusCode()).isEqualTo(200);
    assertThat(sim.get(mineUrl, token).statusCode()).isEqualTo(404);
    assertThat(sim.get(PATH, token).bodyAsJsonArray()).isEmpty();
    assertThat(sim.get(PATH, other).bodyAsJsonArray()).hasSize(1);
  }

  @Test
  void connectionStatusShowsAnOpenSocket() {
    JsonObject s =
        sim.subscribe(token, SimFixture.subscriptionBody("datapoint", "ledevb", null, null));
    sim.connect(s.getString("stream_key"));
    JsonObject now =
        sim.get("/api/v1/subscriptions/" + s.getLong("id") + ".json", token).bodyAsJsonObject();
    assertThat(now.getJsonObject("subscription").getString("connection_status"))
        .isEqualTo("Online");
  }

  @Test
  void unknownPathsAndMethodsAnswerJsonErrors() {
    HttpResponse<Buffer> r = sim.get("/nope", token);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    assertThat(sim.call(HttpMethod.PATCH, PATH, token, null).statusCode()).isIn(404, 405);
  }
}
