package io.dssgateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The user service and token lifetime: sign in/refresh/sign out, 401s, 422s, expiry everywhere. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UserServiceTest {

  private static final List<String[]> AUTHENTICATED =
      List.of(
          new String[] {"GET", "/api/v1/subscriptions.json"},
          new String[] {"POST", "/api/v1/subscriptions.json"},
          new String[] {"GET", "/api/v1/subscriptions/50155.json"},
          new String[] {"DELETE", "/api/v1/subscriptions/50155.json"},
          new String[] {"GET", "/apiv1/devices.json"},
          new String[] {"GET", "/apiv1/dsns/AC000W000340649/properties.json"},
          new String[] {"POST", "/apiv1/dsns/AC000W000340649/properties/Blue_LED/datapoints.json"},
          new String[] {"PUT", "/apiv1/devices/5310000/location.json"});

  private SimFixture sim;

  @AfterEach
  void stop() {
    sim.close();
  }

  private void assertUnauthorizedEverywhere(String token) {
    for (String[] call : AUTHENTICATED) {
      HttpResponse<Buffer> r =
          sim.call(HttpMethod.valueOf(call[0]), call[1], token, new JsonObject());
      assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
    }
  }

  @Test
  void signInAnswersTheDocumentedTokensOnBothPaths(Vertx vertx) {
    sim = SimFixture.start(vertx);
    for (String path : List.of("/users/sign_in", "/users/sign_in.json")) {
      HttpResponse<Buffer> r =
          sim.post(path, null, SimFixture.signInBody("demo@example.com", "demo1234"));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonObject body = r.bodyAsJsonObject();
      assertThat(body.getString("access_token")).matches("[0-9a-f]{32}");
      assertThat(body.getString("refresh_token")).matches("[0-9a-f]{32}");
      assertThat(body.getInteger("expires_in")).isEqualTo(86400);
      assertThat(body.getString("role")).isEqualTo("EndUser");
      assertThat(body.getJsonArray("role_tags")).isEmpty();
    }
  }

  @Test
  void signInFailsForWrongPasswordOrUnknownUser(Vertx vertx) {
    sim = SimFixture.start(vertx);
    assertThat(
            sim.post("/users/sign_in", null, SimFixture.signInBody("demo@example.com", "nope"))
                .statusCode())
        .isEqualTo(401);
    assertThat(
            sim.post("/users/sign_in", null, SimFixture.signInBody("who@example.com", "demo1234"))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void signInNamesMissingFieldsAndRejectsMalformedBodies(Vertx vertx) {
    sim = SimFixture.start(vertx);
    HttpResponse<Buffer> r =
        sim.post(
            "/users/sign_in",
            null,
            new JsonObject().put("user", new JsonObject().put("email", "a@b")));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("validation_failed");
    assertThat(r.bodyAsJsonObject().getJsonObject("errors").fieldNames())
        .contains("user.password", "user.application", "user.application.app_id")
        .doesNotContain("user.email");
    assertThat(sim.post("/users/sign_in", null, Buffer.buffer("{not json")).statusCode())
        .isEqualTo(400);
    assertThat(sim.post("/users/sign_in", null, Buffer.buffer("[1]")).statusCode()).isEqualTo(400);
    assertThat(sim.post("/users/sign_in", null, null).statusCode()).isEqualTo(400);
  }

  @Test
  void oversizedBodiesAreRefusedWith413(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.max-body-bytes", "1024"));
    HttpResponse<Buffer> r =
        sim.post("/users/sign_in", null, Buffer.buffer("{\"x\":\"" + "a".repeat(5000) + "\"}"));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("body_too_large");
  }

  @Test
  void refreshIssuesNewTokensAndInvalidatesTheOldRefreshToken(Vertx vertx) {
    sim = SimFixture.start(vertx);
    JsonObject first =
        sim.post("/users/sign_in", null, SimFixture.signInBody("demo@example.com", "demo1234"))
            .bodyAsJsonObject();
    JsonObject refreshBody =
        new JsonObject()
            .put("user", new JsonObject().put("refresh_token", first.getString("refresh_token")));
    HttpResponse<Buffer> r = sim.post("/users/refresh_token.json", null, refreshBody);
    assertThat(r.statusCode()).isEqualTo(200);
    String fresh = r.bodyAsJsonObject().getString("access_token");
    assertThat(sim.get("/apiv1/devices.json", fresh).statusCode()).isEqualTo(200);
    assertThat(sim.post("/users/refresh_token", null, refreshBody).statusCode()).isEqualTo(401);
    assertThat(
            sim.post("/users/refresh_token", null, new JsonObject().put("user", new JsonObject()))
                .statusCode())
        .isEqualTo(422);
  }

  @Test
  void signOutEndsTheSession(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    JsonObject body = new JsonObject().put("user", new JsonObject().put("access_token", token));
    assertThat(sim.post("/users/sign_out.json", null, body).statusCode()).isEqualTo(200);
    assertUnauthorizedEverywhere(token);
    assertThat(sim.post("/users/sign_out", null, body).statusCode()).isEqualTo(401);
  }

  @Test
  void missingOrMalformedAuthorizationIs401Everywhere(Vertx vertx) {
    sim = SimFixture.start(vertx);
    assertUnauthorizedEverywhere(null);
    assertUnauthorizedEverywhere("0123456789abcdef0123456789abcdef");
    HttpResponse<Buffer> bearer =
        sim.http
            .get(sim.port, "127.0.0.1", "/apiv1/devices.json")
            .putHeader("Authorization", "Bearer " + sim.signIn())
            .send()
            .await();
    assertThat(bearer.statusCode()).isEqualTo(401);
  }

  @Test
  void tokensExpireAfterTheirTtl(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.token-ttl-seconds", "0"));
    String token = sim.signIn();
    assertUnauthorizedEverywhere(token);
  }

  @Test
  void expiringTokensThroughTheControlApiKeepsRefreshTokensValid(Vertx vertx) {
    sim = SimFixture.start(vertx);
    JsonObject tokens =
        sim.post("/users/sign_in", null, SimFixture.signInBody("demo@example.com", "demo1234"))
            .bodyAsJsonObject();
    String token = tokens.getString("access_token");
    assertThat(sim.get("/apiv1/devices.json", token).statusCode()).isEqualTo(200);
    assertThat(sim.control("/sim/tokens/expire", null).getInteger("expired")).isEqualTo(1);
    assertUnauthorizedEverywhere(token);
    HttpResponse<Buffer> r =
        sim.post(
            "/users/refresh_token",
            null,
            new JsonObject()
                .put(
                    "user",
                    new JsonObject().put("refresh_token", tokens.getString("refresh_token"))));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(
            sim.get("/apiv1/devices.json", r.bodyAsJsonObject().getString("access_token"))
                .statusCode())
        .isEqualTo(200);
  }
}
