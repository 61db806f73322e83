package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile and careless input: each answer a JSON error with a stable code and the right status. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BadInputTest {

  private static final String OK_QUERY = "subscription_type=datapoint&dsn=" + LED_DSN;

  private static Vertx vertx;
  private static TestGateway gw;
  private static String token;
  private static ForgedTokens forged;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    gw =
        TestGateway.start(
            vertx, Map.of("sse.max-connections-per-user", "2", "http.max-body-bytes", "4096"));
    token = gw.loginDemo();
    forged = new ForgedTokens(vertx);
  }

  @AfterAll
  static void stop() {
    gw.stop();
    vertx.close().await();
  }

  private static HttpResponse<Buffer> send(
      HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    return gw.send(method, uri, headers, body);
  }

  private static void assertJsonError(HttpResponse<Buffer> r, int status, String code) {
    TestGateway.assertJsonError(r, status, code);
  }

  static Stream<Arguments> badEventQueries() {
    String huge = "A".repeat(3000);
    String many = String.join(",", java.util.Collections.nCopies(101, "AC000W000340649"));
    return Stream.of(
        Arguments.of("unknown parameter", OK_QUERY + "&color=blue", 400, "unknown_parameter"),
        Arguments.of("unknown empty parameter", OK_QUERY + "&foo=", 400, "unknown_parameter"),
        Arguments.of("repeated parameter", OK_QUERY + "&dsn=" + LED_DSN, 400, "repeated_parameter"),
        Arguments.of("no type", "dsn=" + LED_DSN, 422, "validation_failed"),
        Arguments.of("empty type", "subscription_type=&dsn=" + LED_DSN, 422, "validation_failed"),
        Arguments.of(
            "unknown type", "subscription_type=weather&dsn=" + LED_DSN, 422, "validation_failed"),
        Arguments.of("empty dsn", "subscription_type=datapoint&dsn=", 422, "validation_failed"),
        Arguments.of(
            "empty list item",
            "subscription_type=datapoint&dsn=" + LED_DSN + ",",
            422,
            "validation_failed"),
        Arguments.of(
            "malformed dsn",
            "subscription_type=datapoint&dsn=%3Cscript%3E",
            422,
            "validation_failed"),
        Arguments.of(
            "huge dsn", "subscription_type=datapoint&dsn=" + huge, 422, "validation_failed"),
        Arguments.of(
            "too many dsns", "subscription_type=datapoint&dsn=" + many, 422, "validation_failed"),
        Arguments.of(
            "no dsn and any model",
            "subscription_type=datapoint&oem_model=*",
            422,
            "validation_failed"),
        Arguments.of(
            "malformed property", OK_QUERY + "&property_name=a%20b", 422, "validation_failed"),
        Arguments.of(
            "garbage last_event_id", OK_QUERY + "&last_event_id=abc", 400, "invalid_last_event_id"),
        Arguments.of(
            "huge last_event_id",
            OK_QUERY + "&last_event_id=" + "1:1,".repeat(60) + "1:1",
            400,
            "invalid_last_event_id"),
        Arguments.of(
            "negative last_event_id",
            OK_QUERY + "&last_event_id=-1:5",
            400,
            "invalid_last_event_id"),
        Arguments.of(
            "token in the URL", OK_QUERY + "&access_token=" + "x", 401, "invalid_request"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badEventQueries")
  void badEventQueryIsJsonErrorWithStableCode(String what, String query, int status, String code) {
    assertJsonError(
        send(HttpMethod.GET, "/events?" + query, Map.of("Authorization", "Bearer " + token), null),
        status,
        code);
  }

  @Test
  void garbageLastEventIdHeaderIs400() {
    assertJsonError(
        send(
            HttpMethod.GET,
            "/events?" + OK_QUERY,
            Map.of("Authorization", "Bearer " + token, "Last-Event-ID", "12;DROP TABLE"),
            null),
        400,
        "invalid_last_event_id");
  }

  static Stream<Arguments> badTokens() {
    return Stream.of(
        Arguments.of("garbage", "not-a-jwt"),
        Arguments.of("three garbage segments", "aaa.bbb.ccc"),
        Arguments.of("expired", forged.gatewaySigned(ForgedTokens.claims(TestGateway.DEMO, -3600))),
        Arguments.of(
            "not yet valid",
            forged.gatewaySigned(
                ForgedTokens.claims(TestGateway.DEMO, 3600)
                    .put("nbf", System.currentTimeMillis() / 1000 + 1800))),
        Arguments.of(
            "wrong key", forged.otherKeySigned(ForgedTokens.claims(TestGateway.DEMO, 3600))),
        Arguments.of(
            "wrong issuer",
            forged.gatewaySigned(ForgedTokens.claims(TestGateway.DEMO, 3600).put("iss", "evil"))),
        Arguments.of(
            "wrong audience",
            forged.gatewaySigned(
                ForgedTokens.claims(TestGateway.DEMO, 3600).put("aud", "other-app"))),
        Arguments.of(
            "alg none", ForgedTokens.unsigned(ForgedTokens.claims(TestGateway.DEMO, 3600))),
        Arguments.of("tampered payload", tamper(token)));
  }

  private static String tamper(String jwt) {
    String[] parts = jwt.split("\\.");
    String payload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ForgedTokens.claims("other@example.com", 3600)
                    .encode()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return parts[0] + "." + payload + "." + parts[2];
  }

  @ParameterizedTest(name = "{0} on /events and /api")
  @MethodSource("badTokens")
  void badTokenIs401InvalidTokenWithBearerChallenge(String what, String bad) {
    for (String uri : new String[] {"/events?" + OK_QUERY, "/api/streams", "/api/devices"}) {
      HttpResponse<Buffer> r =
          send(HttpMethod.GET, uri, Map.of("Authorization", "Bearer " + bad), null);
      assertJsonError(r, 401, "invalid_token");
      assertThat(r.getHeader("WWW-Authenticate"))
          .contains("Bearer")
          .contains("error=\"invalid_token\"");
    }
  }

  @Test
  void noCredentialIs401WithChallenge() {
    HttpResponse<Buffer> r = send(HttpMethod.GET, "/events?" + OK_QUERY, Map.of(), null);
    assertJsonError(r, 401, "missing_credentials");
    assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    assertJsonError(
        send(HttpMethod.GET, "/api/streams", Map.of(), null), 401, "missing_credentials");
  }

  @Test
  void usedOrUnknownTicketIs401InvalidTicket() {
    String ticket = gw.post("/api/tickets", token, null).bodyAsJsonObject().getString("ticket");
    SseClient first = gw.events(OK_QUERY + "&ticket=" + ticket, null);
    assertThat(first.status()).isEqualTo(200);
    first.close().await();
    assertJsonError(
        send(HttpMethod.GET, "/events?" + OK_QUERY + "&ticket=" + ticket, Map.of(), null),
        401,
        "invalid_ticket");
    assertJsonError(
        send(HttpMethod.GET, "/events?" + OK_QUERY + "&ticket=made-up", Map.of(), null),
        401,
        "invalid_ticket");
  }

  @Test
  void unknownPathsAre404Json() {
    assertJsonError(
        send(HttpMethod.GET, "/api/nothing-here", Map.of("Authorization", "Bearer " + token), null),
        404,
        "not_found");
    assertJsonError(send(HttpMethod.GET, "/no/such/page", Map.of(), null), 404, "not_found");
    assertJsonError(
        send(
            HttpMethod.GET,
            "/api/devices/" + LED_DSN + "/nothing",
            Map.of("Authorization", "Bearer " + token),
            null),
        404,
        "not_found");
  }

  @Test
  void aMalformedStreamRequestIsRefusedBeforeAylaIsAskedForTheCallersDevices() {
    String other =
        gw.login(
            TestGateway.OTHER,
            TestGateway.OTHER_PASSWORD); // a user whose device list is not fetched yet
    long before = gw.simStats().getLong("device_lists");
    assertJsonError(
        gw.get("/events?subscription_type=datapoint&dsn=bad!", other), 422, "validation_failed");
    assertJsonError(gw.get("/events?" + OK_QUERY + "&colour=red", other), 400, "unknown_parameter");
    assertThat(gw.simStats().getLong("device_lists"))
        .as("device lists fetched for refused requests")
        .isEqualTo(before);
    gw.events(OK_QUERY, other).close().await();
    assertThat(gw.simStats().getLong("device_lists"))
        .as("device lists fetched for a good request")
        .isEqualTo(before + 1);
  }

  @Test
  void wrongMethodsAre405JsonWithAllow() {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    for (String[] c :
        new String[][] {
          {"GET", "/api/login"},
          {"DELETE", "/api/login"},
          {"GET", "/api/tickets"},
          {"POST", "/api/streams"},
          {"PUT", "/api/devices"},
          {"POST", "/events"},
          {"DELETE", "/events"},
          {"POST", "/.well-known/jwks.json"},
          {"GET", "/api/devices/" + LED_DSN + "/properties/Blue_LED/datapoints"},
          {"POST", "/api/devices/" + LED_DSN + "/properties"}
        }) {
      HttpResponse<Buffer> r = send(HttpMethod.valueOf(c[0]), c[1], auth, null);
      assertJsonError(r, 405, "method_not_allowed");
      assertThat(r.getHeader("Allow")).as(c[0] + " " + c[1]).isNotBlank();
    }
  }

  @Test
  void pathsThatOnlyLookLikeAKnownOneAreNot405() {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
    for (String[] c :
        new String[][] {
          {"GET", "/api/login/"},
          {"GET", "/api/loginx"},
          {"GET", "/api/logi"},
          {"POST", "/eventsx"},
          {"POST", "/api/devices//properties"},
          {"POST", "/api/devices/a/b/properties"},
          {"POST", "/api/devices/a/properties/"},
          {"GET", "/api/devices/a/properties//datapoints"},
          {"POST", "/api/devices/a"}
        }) {
      HttpResponse<Buffer> r = send(HttpMethod.valueOf(c[0]), c[1], auth, null);
      assertThat(r.statusCode()).as(c[0] + " " + c[1]).isNotEqualTo(405);
    }
  }

  @Test
  void oversizedBodyIs413() {
    String big =
        new JsonObject().put("email", "a@b.c").put("password", "x".repeat(10_000)).encode();
    assertJsonError(
        send(
            HttpMethod.POST,
            "/api/login",
            Map.of("Content-Type", "application/json"),
            Buffer.buffer(big)),
        413,
        "body_too_large");
  }

  @Test
  void malformedJsonIs400AndWrongContentTypeIs415() {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    assertJsonError(
        send(HttpMethod.POST, "/api/login", json, Buffer.buffer("{\"email\":")),
        400,
        "malformed_json");
    assertJsonError(
        send(HttpMethod.POST, "/api/login", json, Buffer.buffer("[1,2]")), 400, "malformed_json");
    assertJsonError(
        send(HttpMethod.POST, "/api/login", json, Buffer.buffer("")), 400, "malformed_json");
    assertJsonError(
        send(
            HttpMethod.POST,
            "/api/login",
            Map.of("Content-Type", "text/plain"),
            Buffer.buffer("{}")),
        415,
        "unsupported_media_type");
    assertJsonError(
        send(
            HttpMethod.POST,
            "/api/login",
            json,
            Buffer.buffer("{\"email\":\"a@b.c\",\"password\":\"x\",\"admin\":true}")),
        422,
        "validation_failed");
    assertJsonError(
        send(
            HttpMethod.POST,
            "/api/login",
            json,
            Buffer.buffer("{\"email\":\"demo@example.com\",\"password\":\"wrong\"}")),
        401,
        "invalid_credentials");
    Map<String, String> authJson =
        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    assertJsonError(
        send(
            HttpMethod.POST,
            "/api/devices/" + LED_DSN + "/properties/Blue_LED/datapoints",
            authJson,
            Buffer.buffer("{\"datapoint\":{\"value\":{}}}")),
        422,
        "validation_failed");
    assertJsonError(
        send(
            HttpMethod.POST,
            "/api/devices/bad%20dsn/properties/Blue_LED/datapoints",
            authJson,
            Buffer.buffer("{\"datapoint\":{\"value\":1}}")),
        400,
        "invalid_dsn");
  }

  @Test
  void tooManyConnectionsForOneUserIs429WithRetryAfter() {
    SseClient a = gw.openStream(OK_QUERY, token, null);
    SseClient b = gw.openStream(OK_QUERY, token, null);
    HttpResponse<Buffer> r =
        send(
            HttpMethod.GET,
            "/events?" + OK_QUERY,
            Map.of("Authorization", "Bearer " + token),
            null);
    assertJsonError(r, 429, "too_many_connections");
    assertThat(Integer.parseInt(r.getHeader("Retry-After"))).isPositive();
    a.close().await();
    b.close().await();
  }
}
