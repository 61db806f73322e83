package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
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
 * The HTTP edge of issue 12, probed as an outside tester would (like Mercure's
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

  private HttpResponse<Buffer> send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    HttpRequest<Buffer> req = gw.web.request(method, gw.port, "127.0.0.1", uri);
    headers.forEach(req::putHeader);
    return (body == null ? req.send() : req.sendBuffer(body)).await();
  }

  private static void assertJsonError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as("status; body %s", r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(code);
    assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
  }

  private String ownOrigin() {
    return "http://127.0.0.1:" + gw.port;
  }

  /** The session cookie a same-origin page holds after signing in. */
  private String sessionCookie() {
    HttpResponse<Buffer> login = gw.post("/api/login", null,
        new JsonObject().put("email", TestGateway.DEMO).put("password", TestGateway.DEMO_PASSWORD));
    String setCookie = login.cookies().stream().filter(c -> c.startsWith("dss_session=")).findFirst().orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static final String DATAPOINT = "/api/devices/" + LED_DSN + "/properties/Blue_LED/datapoints";
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
      assertJsonError(send(HttpMethod.POST, DATAPOINT, Map.of("Cookie", cookie, "Origin", EVIL, "Content-Type", "application/json"),
          LED_ON), 403, "origin_not_allowed");
      assertJsonError(send(HttpMethod.POST, "/api/logout", Map.of("Cookie", cookie, "Origin", EVIL), null), 403, "origin_not_allowed");
      assertJsonError(send(HttpMethod.POST, "/api/tickets", Map.of("Cookie", cookie, "Origin", "null"), null), 403, "origin_not_allowed");
      assertJsonError(send(HttpMethod.POST, "/api/logout", Map.of("Cookie", cookie, "Sec-Fetch-Site", "cross-site"), null), 403,
          "origin_not_allowed");
      assertThat(send(HttpMethod.GET, "/api/devices", Map.of("Cookie", cookie), null).statusCode()).as("the refused logout left the session").isEqualTo(200);
    }

    @Test
    void ownAndListedOriginsWithTheCookiePass() {
      String cookie = sessionCookie();
      Map<String, String> json = Map.of("Cookie", cookie, "Content-Type", "application/json");
      HttpResponse<Buffer> own = send(HttpMethod.POST, DATAPOINT, with(json, "Origin", ownOrigin()), LED_ON);
      assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> listed = send(HttpMethod.POST, DATAPOINT, with(json, "Origin", APP), LED_ON);
      assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> sameOrigin = send(HttpMethod.POST, DATAPOINT, with(json, "Sec-Fetch-Site", "same-origin"), LED_ON);
      assertThat(sameOrigin.statusCode()).as(sameOrigin.bodyAsString()).isEqualTo(201);
      assertThat(send(HttpMethod.POST, "/api/logout", Map.of("Cookie", cookie, "Origin", ownOrigin()), null).statusCode()).isEqualTo(204);
    }

    @Test
    void bearerRequestsAreUnaffected() {
      String token = gw.loginDemo();
      HttpResponse<Buffer> r = send(HttpMethod.POST, DATAPOINT, Map.of("Authorization", "Bearer " + token, "Origin", EVIL,
          "Sec-Fetch-Site", "cross-site", "Content-Type", "application/json"), LED_ON);
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
      return send(HttpMethod.OPTIONS, "/api/tickets", Map.of("Origin", origin, "Access-Control-Request-Method", "POST",
          "Access-Control-Request-Headers", "authorization"), null);
    }

    @Test
    void disallowedOriginPreflightIs403JsonWithoutCorsHeaders() {
      HttpResponse<Buffer> r = preflight(EVIL);
      assertJsonError(r, 403, "origin_not_allowed");
      assertThat(r.headers().names()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
      assertThat(r.getHeader("Vary")).containsIgnoringCase("Origin");

      String token = gw.loginDemo();
      HttpResponse<Buffer> simple = send(HttpMethod.GET, "/api/devices", Map.of("Origin", EVIL, "Authorization", "Bearer " + token), null);
      assertThat(simple.statusCode()).isEqualTo(200);
      assertThat(simple.getHeader("Access-Control-Allow-Origin")).isNull();
      assertThat(simple.getHeader("Vary")).containsIgnoringCase("Origin");
    }

    @Test
    void ownOriginWorks() {
      HttpResponse<Buffer> login = send(HttpMethod.POST, "/api/login", Map.of("Origin", ownOrigin(), "Content-Type", "application/json"),
          Buffer.buffer(new JsonObject().put("email", TestGateway.DEMO).put("password", TestGateway.DEMO_PASSWORD).encode()));
      assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
      assertThat(send(HttpMethod.GET, "/", Map.of("Origin", ownOrigin()), null).statusCode()).isEqualTo(200);
    }

    @Test
    void listedOriginIsGrantedWithVaryOrigin() {
      HttpResponse<Buffer> r = preflight(APP);
      assertThat(r.statusCode()).isBetween(200, 204);
      assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(APP);
      assertThat(r.getHeader("Vary")).containsIgnoringCase("Origin");
      HttpResponse<Buffer> noOrigin = send(HttpMethod.GET, "/health/live", Map.of(), null);
      assertThat(noOrigin.statusCode()).isEqualTo(200);
      assertThat(send(HttpMethod.GET, "/", Map.of(), null).getHeader("Vary")).containsIgnoringCase("Origin");
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
        String answer = RawHttp.exchange(gw.port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
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
      assertThat(httpSeries()).as("vertx_http_server_* series after 100 more made-up methods and paths").isEqualTo(before);
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
      synchronized (appender.list) {
        return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
            .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
      }
    }
  }
}
