package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The hardened HTTP edge, probed as an outside tester would (like Mercure's
 * {@code hardening_test.go}): one nested group per finding, each against a real gateway on an
 * ephemeral port, with raw sockets where a well-behaved client cannot send the input.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HardeningEdgeTest extends GatewayTestBase {

  private static final String APP = "http://app.example";
  private static final String EVIL = "http://evil.example";

  private static Vertx vertx;
  private final ErrorLog errors = new ErrorLog();

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void captureErrors() {
    errors.start();
  }

  @AfterEach
  void noErrorLogged() {
    errors.stop();
    assertThat(errors.lines()).as("ERROR lines logged").isEmpty();
  }

  private HttpResponse<Buffer> send(
      HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    return gw.send(method, uri, headers, body);
  }

  private static void assertJsonError(HttpResponse<Buffer> r, int status, String code) {
    TestGateway.assertJsonError(r, status, code);
  }

  private String ownOrigin() {
    return "http://127.0.0.1:" + gw.port;
  }

  /** The session cookie a same-origin page holds after signing in. */
  private String sessionCookie() {
    HttpResponse<Buffer> login =
        gw.post(
            "/api/login",
            null,
            new JsonObject()
                .put("email", TestGateway.DEMO)
                .put("password", TestGateway.DEMO_PASSWORD));
    String setCookie =
        login.cookies().stream()
            .filter(c -> c.startsWith("dss_session="))
            .findFirst()
            .orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static final String DATAPOINT =
      "/api/devices/" + LED_DSN + "/properties/Blue_LED/datapoints";
  private static final Buffer LED_ON = Buffer.buffer("{\"datapoint\":{\"value\":1}}");

  @Nested
  class Row7StateChangingRequestsWithTheCookieCheckTheOrigin {

    @BeforeEach
    void start() {
      gw = TestGateway.start(vertx, Map.of("http.cors-origins", APP));
    }

    @Test
    void crossSiteOriginWithTheCookieIs403() {
      String cookie = sessionCookie();
      assertJsonError(
          send(
              HttpMethod.POST,
              DATAPOINT,
              Map.of("Cookie", cookie, "Origin", EVIL, "Content-Type", "application/json"),
              LED_ON),
          403,
          "origin_not_allowed");
      assertJsonError(
          send(HttpMethod.POST, "/api/logout", Map.of("Cookie", cookie, "Origin", EVIL), null),
          403,
          "origin_not_allowed");
      assertJsonError(
          send(HttpMethod.POST, "/api/tickets", Map.of("Cookie", cookie, "Origin", "null"), null),
          403,
          "origin_not_allowed");
      assertJsonError(
          send(
              HttpMethod.POST,
              "/api/logout",
              Map.of("Cookie", cookie, "Sec-Fetch-Site", "cross-site"),
              null),
          403,
          "origin_not_allowed");
      assertThat(send(HttpMethod.GET, "/api/devices", Map.of("Cookie", cookie), null).statusCode())
          .as("the refused logout left the session")
          .isEqualTo(200);
    }

    @Test
    void ownAndListedOriginsWithTheCookiePass() {
      String cookie = sessionCookie();
      Map<String, String> json = Map.of("Cookie", cookie, "Content-Type", "application/json");
      HttpResponse<Buffer> own =
          send(HttpMethod.POST, DATAPOINT, with(json, "Origin", ownOrigin()), LED_ON);
      assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> listed =
          send(HttpMethod.POST, DATAPOINT, with(json, "Origin", APP), LED_ON);
      assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> sameOrigin =
          send(HttpMethod.POST, DATAPOINT, with(json, "Sec-Fetch-Site", "same-origin"), LED_ON);
      assertThat(sameOrigin.statusCode()).as(sameOrigin.bodyAsString()).isEqualTo(201);
      assertThat(
              send(
                      HttpMethod.POST,
                      "/api/logout",
                      Map.of("Cookie", cookie, "Origin", ownOrigin()),
                      null)
                  .statusCode())
          .isEqualTo(204);
    }

    @Test
    void bearerRequestsAreUnaffected() {
      String token = gw.loginDemo();
      HttpResponse<Buffer> r =
          send(
              HttpMethod.POST,
              DATAPOINT,
              Map.of(
                  "Authorization",
                  "Bearer " + token,
                  "Origin",
                  EVIL,
                  "Sec-Fetch-Site",
                  "cross-site",
                  "Content-Type",
                  "application/json"),
              LED_ON);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    }
  }

  @Nested
  class Row9CorsDisallowedOriginGetsNoCorsHeaders {

    @BeforeEach
    void start() {
      gw = TestGateway.start(vertx, Map.of("http.cors-origins", APP));
    }

    private HttpResponse<Buffer> preflight(String origin) {
      return send(
          HttpMethod.OPTIONS,
          "/api/tickets",
          Map.of(
              "Origin",
              origin,
              "Access-Control-Request-Method",
              "POST",
              "Access-Control-Request-Headers",
              "authorization"),
          null);
    }

    @Test
    void disallowedOriginPreflightIs403JsonWithoutCorsHeaders() {
      HttpResponse<Buffer> r = preflight(EVIL);
      assertJsonError(r, 403, "origin_not_allowed");
      assertThat(r.headers().names()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
      assertThat(r.getHeader("Vary")).containsIgnoringCase("Origin");

      String token = gw.loginDemo();
      HttpResponse<Buffer> simple =
          send(
              HttpMethod.GET,
              "/api/devices",
              Map.of("Origin", EVIL, "Authorization", "Bearer " + token),
              null);
      assertThat(simple.statusCode()).isEqualTo(200);
      assertThat(simple.getHeader("Access-Control-Allow-Origin")).isNull();
      assertThat(simple.getHeader("Vary")).containsIgnoringCase("Origin");
    }

    @Test
    void ownOriginWorks() {
      HttpResponse<Buffer> login =
          send(
              HttpMethod.POST,
              "/api/login",
              Map.of("Origin", ownOrigin(), "Content-Type", "application/json"),
              Buffer.buffer(
                  new JsonObject()
                      .put("email", TestGateway.DEMO)
                      .put("password", TestGateway.DEMO_PASSWORD)
                      .encode()));
      assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
      assertThat(send(HttpMethod.GET, "/", Map.of("Origin", ownOrigin()), null).statusCode())
          .isEqualTo(200);
    }

    @Test
    void listedOriginIsGrantedWithVaryOrigin() {
      HttpResponse<Buffer> r = preflight(APP);
      assertThat(r.statusCode()).isBetween(200, 204);
      assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(r.getHeader("Vary")).containsIgnoringCase("Origin");
      HttpResponse<Buffer> noOrigin = send(HttpMethod.GET, "/health/live", Map.of(), null);
      assertThat(noOrigin.statusCode()).isEqualTo(200);
      assertThat(send(HttpMethod.GET, "/", Map.of(), null).getHeader("Vary"))
          .containsIgnoringCase("Origin");
    }
  }

  @Nested
  class Row1Timeouts {

    private static final Duration SOON = Duration.ofSeconds(5);
    private static final String HEAD = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @BeforeEach
    void start() {
      gw =
          TestGateway.start(
              vertx,
              Map.of(
                  "http.body-timeout-ms",
                  "400",
                  "http.idle-timeout-ms",
                  "600",
                  "sse.keepalive-ms",
                  "250"));
    }

    @Test
    void connectionThatSendsNothingIsClosed() throws Exception {
      try (RawHttp raw = new RawHttp(gw.port)) {
        assertThat(raw.closedWithin(SOON)).isTrue();
      }
    }

    @Test
    void connectionThatSendsHalfTheHeadersIsClosed() throws Exception {
      try (RawHttp raw = new RawHttp(gw.port)) {
        raw.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ");
        assertThat(raw.closedWithin(SOON)).isTrue();
      }
    }

    /** Each byte comes well within the idle timeout; the whole request does not come within the body timeout. */
    @Test
    void bodyTrickledAByteAtATimeIsCutOffWith408() {
      String head =
          "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n";
      java.util.concurrent.atomic.AtomicInteger sent =
          new java.util.concurrent.atomic.AtomicInteger();
      StringBuilder answer = new StringBuilder();
      io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
      io.vertx.core.net.NetSocket socket =
          vertx.createNetClient().connect(gw.port, "127.0.0.1").await();
      socket.handler(
          b -> {
            synchronized (answer) {
              answer.append(b.toString());
            }
          });
      socket.closeHandler(v -> closed.tryComplete());
      socket.write(head);
      long timer =
          vertx.setPeriodic(
              50,
              id -> {
                if (sent.incrementAndGet() < 200) {
                  socket.write(" ");
                }
              });
      try {
        closed.future().await(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("a connection trickling its body was not closed", e);
      } finally {
        vertx.cancelTimer(timer);
      }
      assertThat(sent.get()).as("body bytes sent before the close").isLessThan(200);
      synchronized (answer) {
        assertThat(RawHttp.status(answer.toString())).as(answer.toString()).isEqualTo(408);
        assertThat(new JsonObject(RawHttp.body(answer.toString())).getString("error"))
            .isEqualTo("request_timeout");
      }
    }

    @Test
    void shortBodyUnderALargerContentLengthIs408AndClosed() throws Exception {
      String answer =
          RawHttp.exchange(
              gw.port,
              "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 1000\r\n\r\n{\"");
      assertThat(RawHttp.status(answer)).as(answer).isEqualTo(408);
      assertThat(new JsonObject(RawHttp.body(answer)).getString("error"))
          .isEqualTo("request_timeout");
    }

    @Test
    void keptAliveConnectionIsClosedWhenItsNextRequestDoesNotArrive() throws Exception {
      try (RawHttp raw = new RawHttp(gw.port)) {
        raw.send(HEAD);
        String answer = raw.readUntilClosed(SOON);
        assertThat(RawHttp.status(answer)).isEqualTo(200);
      }
    }

    @Test
    void openSseStreamOutlivesEveryTimeout() throws Exception {
      String token = gw.loginDemo();
      SseClient stream = gw.openStream(LED, token, null);
      try (RawHttp silent = new RawHttp(gw.port);
          RawHttp kept = new RawHttp(gw.port)) {
        kept.send(HEAD);
        assertThat(silent.closedWithin(SOON)).as("idle timeout passed").isTrue();
        assertThat(kept.closedWithin(SOON)).as("keep-alive timeout passed").isTrue();
      }
      gw.publish(LED_DSN, "Blue_button", List.of(1));
      stream.awaitEvents("datapoint", 1);
      assertThat(stream.hasEnded()).isFalse();
      stream.close().await();
    }

    @Test
    void idleTimeoutNotAboveTheSseKeepAliveIsRefusedAtStart() {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  TestGateway.start(
                      vertx, Map.of("http.idle-timeout-ms", "1000", "sse.keepalive-ms", "15000")))
          .hasMessageContaining("http.idle-timeout-ms");
    }
  }

  @Nested
  class Row1ConnectionsPerAddress {

    @BeforeEach
    void start() {
      gw = TestGateway.start(vertx, Map.of("http.max-connections-per-address", "3"));
    }

    private static final String HEAD = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void requestOnAnExcessConnectionIs429AndClosed() throws Exception {
      RawHttp a = new RawHttp(gw.port).send(HEAD);
      RawHttp b = new RawHttp(gw.port).send(HEAD);
      RawHttp c = new RawHttp(gw.port).send(HEAD);
      for (RawHttp open : List.of(a, b, c)) {
        open.readUntil("\"outcome\":\"UP\"}", Duration.ofSeconds(5));
      }
      try (RawHttp excess = new RawHttp(gw.port)) {
        excess.send(HEAD);
        String answer = excess.readUntilClosed(Duration.ofSeconds(5));
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(429);
        assertThat(new JsonObject(RawHttp.body(answer)).getString("error"))
            .isEqualTo("too_many_connections");
      } finally {
        a.close();
        b.close();
      }
      Eventually.until(
          "a freed slot is usable again",
          Duration.ofSeconds(5),
          () -> {
            try {
              return RawHttp.status(
                      RawHttp.exchange(
                          gw.port,
                          "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                  == 200;
            } catch (java.io.IOException | RuntimeException e) {
              return false;
            }
          });
      c.close();
    }
  }

  @Nested
  class Row10SecurityHeadersOnEveryResponse {

    @BeforeEach
    void start() {
      gw = TestGateway.start(vertx);
    }

    private void assertSecurityHeaders(io.vertx.core.MultiMap headers, String what) {
      assertThat(headers.get("Content-Security-Policy"))
          .as(what)
          .contains(
              "default-src 'self'",
              "script-src 'self'",
              "style-src 'self'",
              "object-src 'none'",
              "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(headers.get("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
      assertThat(headers.get("X-Frame-Options")).as(what).isEqualTo("DENY");
      assertThat(headers.get("Referrer-Policy")).as(what).isEqualTo("no-referrer");
    }

    @Test
    void pagesJsonErrorsProbesAndMetricsCarryThem() {
      String token = gw.loginDemo();
      for (String path :
          List.of(
              "/",
              "/js/main.js",
              "/css/demo.css",
              "/health/live",
              "/metrics",
              "/api/devices",
              "/nowhere")) {
        HttpResponse<Buffer> r = gw.get(path, token);
        assertThat(r.statusCode()).as(path).isNotEqualTo(500);
        assertSecurityHeaders(r.headers(), path);
      }
      assertSecurityHeaders(gw.get("/api/devices", null).headers(), "401");
    }

    @Test
    void sseStreamCarriesThemAndStillStreams() {
      String token = gw.loginDemo();
      SseClient stream = gw.openStream(LED, token, null);
      assertSecurityHeaders(stream.headers(), "/events");
      assertThat(stream.headers().get("Content-Type")).startsWith("text/event-stream");
      gw.publish(LED_DSN, "Blue_button", List.of(1));
      stream.awaitEvents("datapoint", 1);
      stream.close().await();
    }

    @Test
    void answersWrittenBeforeTheRouterCarryThem() throws Exception {
      String tooLong =
          RawHttp.exchange(
              gw.port, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(tooLong.toLowerCase())
          .contains(
              "content-security-policy: default-src 'self'", "x-content-type-options: nosniff");
      String noHost = RawHttp.exchange(gw.port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
      assertThat(noHost.toLowerCase())
          .contains("content-security-policy: default-src 'self'", "x-frame-options: deny");
    }
  }

  @Nested
  class Row12OddCorners {

    @BeforeEach
    void start() {
      gw = TestGateway.start(vertx, Map.of("log.access", "true"));
    }

    private void assertRawJsonError(String answer, int status, String code) {
      assertThat(RawHttp.status(answer)).as(answer).isEqualTo(status);
      assertThat(answer.toLowerCase()).contains("content-type: application/json");
      JsonObject body = new JsonObject(RawHttp.body(answer));
      assertThat(body.getString("error")).isEqualTo(code);
      assertThat(body.getString("message")).isNotBlank();
    }

    @Test
    void uriLongerThan4KbIs414Json() throws Exception {
      assertRawJsonError(
          RawHttp.exchange(
              gw.port,
              "GET /events?dsn=" + "A".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
          414,
          "uri_too_long");
    }

    @Test
    void headerOf10KbIs431Json() throws Exception {
      assertRawJsonError(
          RawHttp.exchange(
              gw.port,
              "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                  + "b".repeat(10_000)
                  + "\r\n\r\n"),
          431,
          "headers_too_large");
    }

    @Test
    void missingHostIs400Json() throws Exception {
      assertRawJsonError(
          RawHttp.exchange(gw.port, "GET /api/devices HTTP/1.1\r\nConnection: close\r\n\r\n"),
          400,
          "missing_host");
      assertRawJsonError(
          RawHttp.exchange(gw.port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
          400,
          "missing_host");
    }

    @Test
    void twoHostHeadersAre400JsonAndTheConnectionIsClosed() throws Exception {
      assertRawJsonError(
          RawHttp.exchange(
              gw.port,
              "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n"),
          400,
          "duplicate_host");
      assertRawJsonError(
          RawHttp.exchange(
              gw.port, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n"),
          400,
          "duplicate_host");
      assertRawJsonError(
          RawHttp.exchange(
              gw.port, "GET /health/live HTTP/1.0\r\nHost: a.example\r\nHost: b.example\r\n\r\n"),
          400,
          "duplicate_host");
    }

    @Test
    void http2HostRepeatedIs400JsonAndDisagreeingWithAuthorityIsAStreamReset() throws Exception {
      String authority = "127.0.0.1:" + gw.port;
      try (RawH2 h2 = new RawH2(gw.port)) {
        assertThat(getLive(h2, authority).status()).isEqualTo(200);
        assertThat(getLive(h2, authority, "host", authority).status())
            .as("the same authority twice")
            .isEqualTo(200);
        RawH2.Answer conflicting = getLive(h2, authority, "host", "evil.example");
        assertThat(conflicting.status()).as("%s", conflicting).isZero();
        assertThat(conflicting.resetCode()).as("PROTOCOL_ERROR").isEqualTo(1);
        assertThat(conflicting.connectionClosed()).isFalse();
        assertH2JsonError(
            getLive(h2, authority, "host", authority, "host", "evil.example"),
            400,
            "duplicate_host");
        assertThat(getLive(h2, authority).status())
            .as("the connection still serves")
            .isEqualTo(200);
      }
    }

    /** {@code GET /health/live} on the connection, with this {@code :authority} and the extra header fields. */
    private static RawH2.Answer getLive(RawH2 h2, String authority, String... fields)
        throws Exception {
      List<String> all =
          new java.util.ArrayList<>(
              List.of(
                  ":method",
                  "GET",
                  ":scheme",
                  "http",
                  ":path",
                  "/health/live",
                  ":authority",
                  authority));
      all.addAll(List.of(fields));
      return h2.request(all.toArray(String[]::new));
    }

    private void assertH2JsonError(RawH2.Answer answer, int status, String code) {
      assertThat(answer.status()).as("%s", answer).isEqualTo(status);
      assertThat(answer.headers().get("content-type").toString()).isEqualTo("application/json");
      JsonObject body = new JsonObject(answer.body());
      assertThat(body.getString("error")).isEqualTo(code);
      assertThat(body.getString("message")).isNotBlank();
    }

    @Test
    void controlCharacterAtTheEdgeOfAQueryValueIs400() {
      String token = gw.loginDemo();
      for (String query :
          List.of(
              "subscription_type=datapoint%00&dsn=" + LED_DSN,
              "subscription_type=datapoint&dsn=%09" + LED_DSN,
              "subscription_type=datapoint&dsn=" + LED_DSN + "%0A")) {
        assertJsonError(
            send(
                HttpMethod.GET,
                "/events?" + query,
                Map.of("Authorization", "Bearer " + token),
                null),
            400,
            "invalid_characters");
      }
    }

    @Test
    void abortedRequestBodyIsNotLoggedAs200() throws Exception {
      ListAppender<ILoggingEvent> access = new ListAppender<>();
      access.start();
      Logger logger = (Logger) LoggerFactory.getLogger("access");
      logger.addAppender(access);
      try {
        try (RawHttp raw = new RawHttp(gw.port)) {
          raw.send(
              "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"");
        }
        Eventually.until(
            "the aborted request's access log line",
            Duration.ofSeconds(5),
            () -> lines(access).stream().anyMatch(l -> l.startsWith("POST /api/login")));
        assertThat(lines(access))
            .filteredOn(l -> l.startsWith("POST /api/login"))
            .singleElement()
            .asString()
            .startsWith("POST /api/login 499 ")
            .contains("(connection closed)");
      } finally {
        logger.detachAppender(access);
      }
    }

    private List<String> lines(ListAppender<ILoggingEvent> appender) {
      synchronized (appender) { // AppenderBase.doAppend adds under the appender's lock
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      }
    }

    @Test
    void lastEventIdHeaderTakesPrecedenceOverTheQueryParameter() {
      String token = gw.loginDemo();
      SseClient first = gw.openStream(LED, token, null);
      gw.publish(LED_DSN, "Blue_button", List.of(1, 2, 3));
      first.awaitEvents("datapoint", 3);
      String older = first.events("datapoint").get(0).id();
      String newest = first.lastEventId();
      first.close().await();

      SseClient resumed = gw.openStream(LED + "&last_event_id=" + older, token, newest);
      gw.publish(LED_DSN, "Blue_button", List.of(4));
      resumed.awaitEvents("datapoint", 1);
      assertThat(resumed.events("datapoint")).extracting(e -> e.value()).containsExactly(4);
      resumed.close().await();
    }

    @Test
    void ticketIsAcceptedOnlyOnEvents() {
      String token = gw.loginDemo();
      String ticket = gw.post("/api/tickets", token, null).bodyAsJsonObject().getString("ticket");
      assertJsonError(gw.get("/api/devices?ticket=" + ticket, null), 401, "invalid_request");
      assertJsonError(gw.get("/api/streams?ticket=" + ticket, null), 401, "invalid_request");
      SseClient stream = gw.events(LED + "&ticket=" + ticket, null);
      assertThat(stream.status()).as("the ticket was not spent on the REST calls").isEqualTo(200);
      stream.close().await();
    }
  }

  @Nested
  class Row2MetricLabelsStayBounded {

    private Vertx metered;

    @BeforeEach
    void start() {
      io.dssgateway.ops.GatewayMetrics metrics = new io.dssgateway.ops.GatewayMetrics();
      metered = metrics.vertxBuilder(new io.vertx.core.VertxOptions()).build();
      gw = TestGateway.start(metered, Map.of(), metrics);
    }

    @AfterEach
    void stop() {
      gw.stop();
      gw = null;
      metered.close().await();
    }

    private long httpSeries() {
      HttpResponse<Buffer> r = gw.get("/metrics", null);
      assertThat(r.statusCode()).isEqualTo(200);
      return r.bodyAsString().lines().filter(l -> l.startsWith("vertx_http_server")).count();
    }

    private void randomRequests(java.util.Random random, int count) throws java.io.IOException {
      for (int i = 0; i < count; i++) {
        String method = letters(random, 12).toUpperCase();
        String path = "/" + letters(random, 10) + "/" + letters(random, 6);
        String answer =
            RawHttp.exchange(
                gw.port,
                method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.status(answer)).isBetween(400, 499);
        assertThat(gw.get(path, null).statusCode()).isEqualTo(404);
      }
    }

    private String letters(java.util.Random random, int n) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        b.append((char) ('a' + random.nextInt(26)));
      }
      return b.toString();
    }

    @Test
    void randomMethodsAndPathsAddNoSeries() throws Exception {
      java.util.Random random = new java.util.Random(12);
      randomRequests(random, 5);
      httpSeries(); // the scrape's own GET 200 series
      long before = httpSeries();
      randomRequests(random, 100);
      assertThat(httpSeries())
          .as("vertx_http_server_* series after 100 more made-up methods and paths")
          .isEqualTo(before);
      assertThat(gw.get("/metrics", null).bodyAsString()).contains("method=\"other\"");
    }
  }

  static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> out = new java.util.LinkedHashMap<>(headers);
    out.put(name, value);
    return out;
  }

  /** ERROR lines logged anywhere while a test runs. */
  static final class ErrorLog {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    void start() {
      appender.start();
      root.addAppender(appender);
    }

    void stop() {
      root.detachAppender(appender);
    }

    List<String> lines() {
      // the appender adds under its own lock (AppenderBase.doAppend), not the list's
      synchronized (appender) {
        return appender.list.stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
            .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
            .toList();
      }
    }
  }

  /** Row 12, "a deleted store starts silently": the gateway said nothing when its store was gone. */
  @Nested
  class Row12AStoreThatIsGoneIsReported {

    @Test
    void startingWithoutItsStoreSaysSoAndStartingWithItDoesNot(
        @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
      Map<String, String> settings =
          Map.of("hub.store-path", dir.resolve("data/gateway").toString());
      assertThat(warningsWhileStarting(settings)).anyMatch(w -> w.startsWith("No store at"));
      assertThat(warningsWhileStarting(settings)).noneMatch(w -> w.startsWith("No store at"));
      try (var files = java.nio.file.Files.list(dir.resolve("data"))) {
        for (java.nio.file.Path f :
            files.filter(f -> f.getFileName().toString().startsWith("gateway.")).toList()) {
          java.nio.file.Files.delete(f); // the store is deleted, its secrets.key stays
        }
      }
      assertThat(warningsWhileStarting(settings)).anyMatch(w -> w.startsWith("No store at"));
    }

    private List<String> warningsWhileStarting(Map<String, String> settings) {
      ch.qos.logback.classic.Logger logger =
          (ch.qos.logback.classic.Logger)
              org.slf4j.LoggerFactory.getLogger("io.dssgateway.ops.StoreNotice");
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
          new ch.qos.logback.core.read.ListAppender<>();
      log.start();
      logger.addAppender(log);
      try {
        gw = TestGateway.start(vertx, settings);
        gw.stop();
        gw = null;
      } finally {
        logger.detachAppender(log);
      }
      return log.list.stream()
          .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
          .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }
}
