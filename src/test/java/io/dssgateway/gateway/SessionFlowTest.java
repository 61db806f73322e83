package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Browser credential flows: cookie, cross-origin ticket, logout, and the stream's end at expiry. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SessionFlowTest extends GatewayTestBase {

  private HttpResponse<Buffer> loginResponse() {
    return gw.post(
        "/api/login",
        null,
        new JsonObject().put("email", TestGateway.DEMO).put("password", TestGateway.DEMO_PASSWORD));
  }

  private static String sessionCookie(HttpResponse<Buffer> login) {
    String setCookie =
        login.cookies().stream()
            .filter(c -> c.startsWith("dss_session="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void sameOriginPageStreamsWithTheSessionCookie(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String cookie = sessionCookie(loginResponse());
    SseClient page =
        SseClient.open(gw.sse, gw.port, "/events?" + LED, Map.of("Cookie", cookie)).await();
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().get("Content-Type")).startsWith("text/event-stream");
    assertThat(page.headers().get("Cache-Control")).isEqualTo("no-store");
    assertThat(page.headers().get("X-Accel-Buffering")).isEqualTo("no");
    page.await(c -> c.comments().contains("stream open"), Duration.ofSeconds(5));
    assertThat(page.retries()).containsExactly(3000L);
    gw.publish(LED_DSN, "Blue_button", List.of(7));
    SseClient.Event e = page.awaitEvents("datapoint", 1).events().get(0);
    assertThat(e.id()).matches("\\d+:\\d+");
    assertThat(e.json().getJsonObject("metadata").getString("dsn")).isEqualTo(LED_DSN);
    assertThat(page.body()).startsWith("retry: 3000\n\n: stream open\n\n");
  }

  @Test
  void crossOriginPageStreamsWithASingleUseTicket(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    HttpResponse<Buffer> issued = gw.post("/api/tickets", token, null);
    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(issued.bodyAsJsonObject().getInteger("expires_in")).isBetween(1, 30);
    String ticket = issued.bodyAsJsonObject().getString("ticket");
    assertThat(ticket).isNotEqualTo(token).doesNotContain(".");

    SseClient page =
        SseClient.open(gw.sse, gw.port, "/events?" + LED + "&ticket=" + ticket, Map.of()).await();
    assertThat(page.status()).isEqualTo(200);
    gw.publish(LED_DSN, "Blue_button", List.of(1));
    page.awaitEvents("datapoint", 1);

    HttpResponse<Buffer> again = gw.get("/events?" + LED + "&ticket=" + ticket, null);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.bodyAsJsonObject().getString("error")).isEqualTo("invalid_ticket");
  }

  @Test
  void logoutEndsTheSessionAndItsJwtIsThen401(Vertx vertx) {
    gw = TestGateway.start(vertx);
    HttpResponse<Buffer> login = loginResponse();
    String token = login.bodyAsJsonObject().getString("access_token");
    assertThat(gw.get("/api/streams", token).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> out = gw.post("/api/logout", token, null);
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.cookies())
        .anySatisfy(
            c -> assertThat(c).startsWith("dss_session=").containsIgnoringCase("Max-Age=0"));

    HttpResponse<Buffer> after = gw.get("/api/streams", token);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(after.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
    assertThat(gw.get("/events?" + LED, token).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> cookieAfter =
        gw.request(HttpMethod.GET, "/api/streams", null)
            .putHeader("Cookie", sessionCookie(login))
            .send()
            .await();
    assertThat(cookieAfter.statusCode()).isEqualTo(401);
  }

  @Test
  void streamEndsWithExpiredEventAndJitteredRetryWhenTheJwtExpires(Vertx vertx) {
    gw =
        TestGateway.start(
            vertx,
            Map.of(
                "auth.jwt.ttl-seconds",
                "2",
                "auth.jwt.leeway-seconds",
                "0",
                "sse.keepalive-ms",
                "200"));
    String token = gw.loginDemo();
    SseClient browser = gw.openStream(LED, token, null);
    browser.awaitEnd(Duration.ofSeconds(6));
    List<SseClient.Event> events = browser.events();
    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1).type()).isEqualTo("expired");
    assertThat(browser.retries()).hasSize(2);
    assertThat(browser.retries().get(1)).isBetween(3000L, 5999L);
  }

  @Test
  void idleStreamGetsKeepAliveComments(Vertx vertx) {
    gw = TestGateway.start(vertx, Map.of("sse.keepalive-ms", "100"));
    String token = gw.loginDemo();
    SseClient browser = gw.openStream(LED, token, null);
    browser.await(
        c -> c.comments().stream().filter("keep-alive"::equals).count() >= 3,
        Duration.ofSeconds(5));
    assertThat(browser.events()).isEmpty();
  }

  @Test
  void theGatewayForgetsAUserWhoseLastStreamClosed(Vertx vertx) {
    gw = TestGateway.start(vertx);
    String token = gw.loginDemo();
    SseClient first = gw.openStream("subscription_type=datapoint&dsn=" + LED_DSN, token, null);
    SseClient second = gw.openStream("subscription_type=connectivity&dsn=" + LED_DSN, token, null);
    assertThat(usersWithStreams()).isEqualTo(1.0);

    first.close().await();
    second.close().await();

    Eventually.until(
        "the per-user table is empty again",
        Duration.ofSeconds(5),
        () -> usersWithStreams() == 0.0);
  }

  private double usersWithStreams() {
    String metrics = gw.get("/metrics", null).bodyAsString();
    return metrics
        .lines()
        .filter(l -> l.startsWith("dss_sse_users "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }
}
