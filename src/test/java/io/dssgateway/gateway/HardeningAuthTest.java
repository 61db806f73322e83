package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardening of sign-in, sessions and tokens: each test is named after the weakness it closes and fails without its fix.
 * Real gateway and simulator on ephemeral ports.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HardeningAuthTest extends GatewayTestBase {

  private HttpResponse<Buffer> login(String email, String password) {
    return gw.post(
        "/api/login", null, new JsonObject().put("email", email).put("password", password));
  }

  private long simSignIns() {
    return gw.simStats().getLong("sign_ins");
  }

  /** The ECDSA verifier the token checks use is passed by instance: the JVM's providers, and the ECDSA everyone else gets, stay as they were. */
  @Test
  void tokenChecksInstallNoSecurityProvider(Vertx vertx) throws Exception {
    List<String> before = Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    gw = TestGateway.start(vertx, Map.of());
    String token = gw.loginDemo();
    assertThat(gw.get("/api/devices", token).statusCode()).isEqualTo(200);
    int i = token.length() - 20; // inside the signature, clear of its last character's unused bits
    String tampered =
        token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);
    assertThat(gw.get("/api/devices", tampered).statusCode()).isEqualTo(401);

    assertThat(Arrays.stream(Security.getProviders()).map(Provider::getName).toList())
        .isEqualTo(before);
    assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo("SunEC");
  }

  /** Row 3: 100 wrong passwords were 100 × 401 with no delay, each one a sign-in at Ayla with our app secret. */
  @Test
  void loginBruteForceIsThrottledPerAccountAndAddressBeforeAylaIsCalled(Vertx vertx) {
    gw =
        TestGateway.start(
            vertx,
            Map.of(
                "auth.login-account-failures",
                "2",
                "auth.login-address-failures",
                "4",
                "auth.login-base-delay-ms",
                "300",
                "auth.login-max-delay-ms",
                "5000"));

    // per account: two free failures, then even the right password waits (Ayla is not asked)
    assertThat(login(TestGateway.DEMO, "wrong-1").statusCode()).isEqualTo(401);
    assertThat(login(TestGateway.DEMO, "wrong-2").statusCode()).isEqualTo(401);
    long signIns = simSignIns();
    HttpResponse<Buffer> throttled = login(TestGateway.DEMO, TestGateway.DEMO_PASSWORD);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.bodyAsJsonObject().getString("error")).isEqualTo("too_many_attempts");
    assertThat(Integer.parseInt(throttled.getHeader("Retry-After"))).isBetween(1, 5);
    assertThat(simSignIns()).as("sign-ins Ayla saw while throttled").isEqualTo(signIns);

    // the delay passes: the right password works, and a success forgets the failures
    Eventually.until(
        "the delay passed",
        Duration.ofSeconds(5),
        () -> login(TestGateway.DEMO, TestGateway.DEMO_PASSWORD).statusCode() == 200);
    assertThat(login(TestGateway.DEMO, "wrong-3").statusCode()).isEqualTo(401);
    assertThat(login(TestGateway.DEMO, TestGateway.DEMO_PASSWORD).statusCode()).isEqualTo(200);

    // per address: four failures over different accounts, then this address waits, whatever the
    // account
    for (int i = 0; i < 4; i++) {
      assertThat(login("nobody" + i + "@example.com", "x").statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> byAddress = login("nobody9@example.com", "x");
    assertThat(byAddress.statusCode()).isEqualTo(429);
    assertThat(byAddress.getHeader("Retry-After")).isNotNull();
  }

  /**
   * Row 4: bob ({@code /api/devices} lists only his own board) opened {@code oem_model=ledevb&dsn=*}
   * and received the demo user's datapoints, because an Ayla subscription matches every device of the OEM.
   */
  @Test
  void aUserSeesOnlyEventsOfDevicesTheirAylaUserOwns(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path devices = dir.resolve("devices.json");
    Files.writeString(
        devices,
        new io.vertx.core.json.JsonArray()
            .add(
                new JsonObject()
                    .put("dsn", BOB_DSN)
                    .put("oem_model", "ledevb")
                    .put("owner", TestGateway.OTHER)
                    .put(
                        "properties",
                        new io.vertx.core.json.JsonArray()
                            .add(
                                new JsonObject()
                                    .put("name", "Blue_button")
                                    .put("base_type", "boolean")
                                    .put("value", 0))))
            .encode());
    gw = TestGateway.start(vertx, Map.of("sim.devices-file", devices.toString()));
    String demo = gw.loginDemo();
    String bob = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    assertThat(gw.get("/api/devices", bob).bodyAsJsonArray()).hasSize(1);

    String everyBoard = "subscription_type=datapoint&oem_model=ledevb&dsn=*";
    SseClient bobBrowser = gw.openStream(everyBoard, bob, null);
    SseClient demoBrowser = gw.openStream(everyBoard, demo, null);
    gw.publish(TestGateway.LED_DSN, "Blue_button", List.of(1)); // the demo user's board
    gw.publish(
        BOB_DSN, "Blue_button", List.of(2)); // bob's, published after it on the same subscription

    bobBrowser.awaitEvents("datapoint", 1);
    demoBrowser.awaitEvents("datapoint", 1);
    assertThat(bobBrowser.events("datapoint"))
        .extracting(e -> e.json().getJsonObject("metadata").getString("dsn"))
        .containsExactly(BOB_DSN);
    assertThat(demoBrowser.events("datapoint"))
        .extracting(e -> e.json().getJsonObject("metadata").getString("dsn"))
        .containsExactly(TestGateway.LED_DSN);

    // a browser resuming from before both events replays only its own user's devices too
    SseClient bobAgain =
        gw.openStream(
            everyBoard, bob, bobBrowser.events("datapoint").get(0).id().replaceAll(":\\d+", ":0"));
    bobAgain.awaitEvents("datapoint", 1);
    assertThat(bobAgain.events("datapoint"))
        .extracting(e -> e.json().getJsonObject("metadata").getString("dsn"))
        .containsExactly(BOB_DSN);
  }

  /** Row 5: {@code strings data/gateway.mv.db} showed the Ayla tokens and stream keys; the files were 0644. */
  @Test
  void aylaTokensAndStreamKeysAreSealedAtRestInOwnerOnlyFiles(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
        new ch.qos.logback.core.read.ListAppender<>();
    log.start();
    root.addAppender(log);
    String streamKey;
    try {
      gw = TestGateway.start(vertx, Map.of("hub.store-path", data.resolve("gateway").toString()));
      String demo = gw.loginDemo();
      SseClient browser = gw.openStream(LED, demo, null);
      gw.publish(TestGateway.LED_DSN, "Blue_button", List.of(1));
      browser.awaitEvents("datapoint", 1);
      // the stream key, as Ayla shows it to the same user signing in directly
      JsonObject signIn =
          new JsonObject()
              .put(
                  "user",
                  new JsonObject()
                      .put("email", TestGateway.DEMO)
                      .put("password", TestGateway.DEMO_PASSWORD)
                      .put(
                          "application",
                          new JsonObject().put("app_id", "t").put("app_secret", "t")));
      String aylaToken =
          gw.web
              .post(gw.simPort, "127.0.0.1", "/users/sign_in.json")
              .sendJsonObject(signIn)
              .await()
              .bodyAsJsonObject()
              .getString("access_token");
      streamKey =
          gw.web
              .get(gw.simPort, "127.0.0.1", "/api/v1/subscriptions.json")
              .putHeader("Authorization", "auth_token " + aylaToken)
              .send()
              .await()
              .bodyAsJsonArray()
              .getJsonObject(0)
              .getJsonObject("subscription")
              .getString("stream_key");
      gw.shutdownGateway(); // closes the database: everything is in the file
    } finally {
      root.detachAppender(log);
    }

    String store =
        new String(
            Files.readAllBytes(data.resolve("gateway.mv.db")),
            java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(store)
        .contains("v1:")
        .doesNotContain(streamKey); // sealed values, not the stream key
    java.util.regex.Matcher hex =
        java.util.regex.Pattern.compile("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])").matcher(store);
    assertThat(
            hex.find()
                ? store.substring(
                    Math.max(0, hex.start() - 80), Math.min(store.length(), hex.end() + 40))
                : "none")
        .as("an Ayla token (32 hex digits) in the clear in the store")
        .isEqualTo("none");
    String key = Files.readString(data.resolve("secrets.key")).trim();
    assertThat(Files.getPosixFilePermissions(data.resolve("secrets.key")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(data.resolve("gateway.mv.db")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(data))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    List<String> lines =
        log.list.stream()
            .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("generated a key into")
                    .contains(data.resolve("secrets.key").toString()));
    assertThat(lines).noneSatisfy(l -> assertThat(l).contains(key));
  }

  /** Row 6: after {@code POST /api/logout} the open stream delivered 7 more events in 70 s. */
  @Test
  void logoutEndsTheSessionsOpenStreamsWithExpired(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    String otherSession = gw.loginDemo(); // the same user signed in elsewhere: not ended
    SseClient ended = gw.openStream(LED, token, null);
    String ticket = gw.post("/api/tickets", token, null).bodyAsJsonObject().getString("ticket");
    SseClient byTicket =
        SseClient.open(gw.sse, gw.port, "/events?" + LED + "&ticket=" + ticket, Map.of()).await();
    byTicket.await(c -> c.comments().contains("stream open"), Duration.ofSeconds(10));
    SseClient kept = gw.openStream(LED, otherSession, null);

    assertThat(gw.post("/api/logout", token, null).statusCode()).isEqualTo(204);

    for (SseClient c : List.of(ended, byTicket)) {
      c.awaitEnd(Duration.ofSeconds(5));
      SseClient.Event last = c.events().get(c.events().size() - 1);
      assertThat(last.type()).isEqualTo("expired");
      assertThat(last.json().getString("reason")).isEqualTo("session_ended");
      assertThat(c.retries()).hasSize(2);
    }
    gw.publish(TestGateway.LED_DSN, "Blue_button", List.of(1));
    kept.awaitEvents("datapoint", 1);
    assertThat(ended.events("datapoint")).isEmpty();
  }

  @Test
  void aSignInPastTheBoundPerUserEndsThatUsersOldestSessionLikeALogout(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("auth.max-sessions-per-user", "2"));
    String oldest = gw.loginDemo();
    String other = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    String second = gw.loginDemo();
    SseClient ended = gw.openStream(LED, oldest, null);
    SseClient kept = gw.openStream(LED, second, null);

    String third = gw.loginDemo();

    ended.awaitEnd(Duration.ofSeconds(5));
    SseClient.Event last = ended.events().get(ended.events().size() - 1);
    assertThat(last.type()).isEqualTo("expired");
    assertThat(last.json().getString("reason")).isEqualTo("session_ended");
    TestGateway.assertJsonError(gw.get("/api/devices", oldest), 401, "invalid_token");
    for (String live : List.of(second, third, other)) {
      assertThat(gw.get("/api/devices", live).statusCode()).isEqualTo(200);
    }
    gw.publish(TestGateway.LED_DSN, "Blue_button", List.of(1));
    kept.awaitEvents("datapoint", 1);

    String fourth = gw.loginDemo();
    TestGateway.assertJsonError(gw.get("/api/devices", second), 401, "invalid_token");
    assertThat(gw.get("/api/devices", third).statusCode()).isEqualTo(200);
    assertThat(gw.get("/api/devices", fourth).statusCode()).isEqualTo(200);
  }

  /** Row 8: one user took all 10,000 tickets, then every user got 429 for 30 s. */
  @Test
  void oneUserCannotExhaustTheTicketPool(Vertx vertx) {
    gw =
        TestGateway.start(
            vertx, Map.of("auth.ticket-max-entries", "10", "auth.ticket-max-per-user", "3"));
    String demo = gw.loginDemo();
    String bob = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    java.util.List<String> tickets = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> r = gw.post("/api/tickets", demo, null);
      assertThat(r.statusCode()).isEqualTo(200);
      tickets.add(r.bodyAsJsonObject().getString("ticket"));
    }
    for (int i = 0; i < 20; i++) {
      HttpResponse<Buffer> refused = gw.post("/api/tickets", demo, null);
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("too_many_tickets");
      assertThat(refused.getHeader("Retry-After")).isNotNull();
    }
    assertThat(gw.post("/api/tickets", bob, null).statusCode()).as("another user").isEqualTo(200);

    // a redeemed ticket gives its slot back
    SseClient page =
        SseClient.open(gw.sse, gw.port, "/events?" + LED + "&ticket=" + tickets.get(0), Map.of())
            .await();
    assertThat(page.status()).isEqualTo(200);
    assertThat(gw.post("/api/tickets", demo, null).statusCode()).isEqualTo(200);
  }

  /**
   * Row 11: the dev JWT key ran silently with {@code DSS_ROLE=gateway} and explicit Ayla URLs, and a
   * token naming user A with bob's session id returned bob's devices.
   */
  @Test
  void devKeyIsLoudAndRefusedInFrontOfARealAylaAndTheJwtSubjectIsBoundToItsSession(Vertx vertx) {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
        new ch.qos.logback.core.read.ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      gw = TestGateway.start(vertx);
    } finally {
      root.detachAppender(log);
    }
    assertThat(log.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
              assertThat(e.getFormattedMessage()).contains("DEV-ONLY JWT KEY IN USE");
            });

    // the subject is bound to the session: demo's name with bob's session id is refused
    gw.loginDemo();
    String bob = gw.login(TestGateway.OTHER, TestGateway.OTHER_PASSWORD);
    String bobSession =
        new JsonObject(
                new String(
                    java.util.Base64.getUrlDecoder().decode(bob.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8))
            .getString("sid");
    ForgedTokens forged = new ForgedTokens(vertx);
    String asBob =
        forged.gatewaySigned(ForgedTokens.claims(TestGateway.OTHER, 300).put("sid", bobSession));
    assertThat(gw.get("/api/devices", asBob).statusCode())
        .as("the forger's control: bob's own name")
        .isEqualTo(200);
    HttpResponse<Buffer> swapped =
        gw.get(
            "/api/devices",
            forged.gatewaySigned(
                ForgedTokens.claims(TestGateway.DEMO, 300).put("sid", bobSession)));
    assertThat(swapped.statusCode()).isEqualTo(401);
    assertThat(swapped.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");

    // a gateway alone in front of a real Ayla refuses the dev key, unless explicitly allowed
    Map<String, String> realAyla =
        new java.util.HashMap<>(
            Map.of(
                "role",
                "gateway",
                "http.port",
                "0",
                "http.host",
                "127.0.0.1",
                "hub.store-path",
                "mem",
                "log.access",
                "false",
                "ayla.region",
                "us"));
    Throwable refused =
        new io.dssgateway.ops.Application(vertx, io.dssgateway.ops.GatewaySettings.config(realAyla))
            .start()
            .map(app -> (Throwable) null)
            .otherwise(err -> err)
            .await();
    assertThat(refused)
        .isInstanceOf(io.dssgateway.config.ConfigError.class)
        .hasMessageContaining("DSS_AUTH_JWT_ALLOW_DEV_KEY");
    realAyla.put("auth.jwt.allow-dev-key", "true");
    io.dssgateway.ops.Application allowed =
        new io.dssgateway.ops.Application(vertx, io.dssgateway.ops.GatewaySettings.config(realAyla))
            .start()
            .await();
    assertThat(allowed.gatewayPort()).isPositive();
    allowed.shutdown().await();
  }

  /**
   * Row 13: replay buffers were bounded by count only (10,000 events per stream, whatever their size).
   * With a byte bound a resume from the start replays only the newest events that fit, after a gap.
   */
  @Test
  void replayBufferOfLargeEventsStaysUnderItsByteBound(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("hub.replay-bytes", String.valueOf(64 * 1024)));
    String token = gw.loginDemo();
    SseClient live = gw.openStream(LED, token, null);
    String big = "x".repeat(4 * 1024);
    gw.publish(
        TestGateway.LED_DSN,
        "Blue_button",
        java.util.stream.IntStream.range(0, 60).mapToObj(i -> i + big).toList());
    live.awaitEvents("datapoint", 60);

    String first = live.events("datapoint").get(0).id(); // <subscription>:<seq> of the first event
    String beforeFirst =
        first.substring(0, first.indexOf(':') + 1)
            + (Long.parseLong(first.substring(first.indexOf(':') + 1)) - 1);
    SseClient resumed = gw.openStream(LED, token, beforeFirst);
    resumed.await(
        c ->
            !c.events("gap").isEmpty()
                && !c.events("datapoint").isEmpty()
                && c.events("datapoint")
                    .get(c.events("datapoint").size() - 1)
                    .id()
                    .equals(live.events("datapoint").get(59).id()),
        Duration.ofSeconds(10));
    assertThat(resumed.events().get(0).type()).isEqualTo("gap");
    assertThat(resumed.events().get(0).json().getString("reason")).isEqualTo("evicted");
    long replayedBytes =
        resumed.events("datapoint").stream().mapToLong(e -> e.json().encode().length()).sum();
    assertThat(replayedBytes).as("JSON bytes replayed").isLessThanOrEqualTo(64 * 1024);
    assertThat(resumed.events("datapoint").size()).isBetween(1, 16);
  }

  private static final String BOB_DSN = "AC000W000B0B0001";
}
