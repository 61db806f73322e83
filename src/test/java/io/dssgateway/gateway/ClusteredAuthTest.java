package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.dssgateway.Eventually;
import io.dssgateway.common.SecretBox;
import io.dssgateway.ops.Application;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three gateway replicas clustered on Hazelcast (loopback) in front of one simulator: a JWT, cookie
 * or ticket issued by one replica works on the others, logout on one revokes on all, a ticket is
 * single-use cluster-wide, and the Ayla tokens in the shared maps are sealed. The cluster is formed
 * once for the class (joins take seconds) and closed after it; each test signs in afresh.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusteredAuthTest {

  private static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;
  private static final Duration REVOCATION_DEADLINE = Duration.ofSeconds(1);

  private static final String SECRETS_KEY = SecretBox.newKey();
  private static Vertx simVertx;
  private static Application simulator;
  private static ClusterMembers cluster;
  private static TestGateway a;
  private static TestGateway b;
  private static TestGateway c;
  private final List<SseClient> streams = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    simVertx = Vertx.vertx();
    simulator = TestGateway.startSimulator(simVertx);
    long start = System.nanoTime();
    cluster = ClusterMembers.start(3, Duration.ofSeconds(30));
    System.out.printf(
        "ClusteredAuthTest: 3 members joined in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    Map<String, String> settings = Map.of("secrets.key", SECRETS_KEY, "cluster.enabled", "true");
    a = TestGateway.gatewayFor(cluster.nodes.get(0), simulator.simulatorPort(), settings);
    b = TestGateway.gatewayFor(cluster.nodes.get(1), simulator.simulatorPort(), settings);
    c = TestGateway.gatewayFor(cluster.nodes.get(2), simulator.simulatorPort(), settings);
  }

  @AfterAll
  static void stopCluster() {
    for (TestGateway gw : new TestGateway[] {a, b, c}) {
      if (gw != null) {
        gw.stop();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
    if (simulator != null) {
      simulator.shutdown().await();
    }
    if (simVertx != null) {
      simVertx.close().await();
    }
  }

  @AfterEach
  void closeStreams() {
    streams.forEach(s -> s.close().await());
  }

  @Test
  void bearerTokenAndCookieFromOneReplicaWorkOnTheOthers() {
    HttpResponse<Buffer> login = loginOn(a);
    String jwt = login.bodyAsJsonObject().getString("access_token");
    String cookie = sessionCookie(login);

    HttpResponse<Buffer> devicesOnB = b.get("/api/devices", jwt);
    assertThat(devicesOnB.statusCode()).as(devicesOnB.bodyAsString()).isEqualTo(200);
    assertThat(devicesOnB.bodyAsJsonArray()).isNotEmpty();
    HttpResponse<Buffer> devicesOnC =
        c.request(HttpMethod.GET, "/api/devices", null).putHeader("Cookie", cookie).send().await();
    assertThat(devicesOnC.statusCode()).as(devicesOnC.bodyAsString()).isEqualTo(200);

    SseClient bearerOnB = track(b.openStream(LED, jwt, null));
    SseClient cookieOnC =
        track(SseClient.open(c.sse, c.port, "/events?" + LED, Map.of("Cookie", cookie)).await());
    assertThat(cookieOnC.status()).isEqualTo(200);
    cookieOnC.await(s -> s.comments().contains("stream open"), Duration.ofSeconds(10));
    a.publish(LED_DSN, "Blue_button", List.of(1));
    assertThat(bearerOnB.awaitEvents("datapoint", 1).events("datapoint").get(0).value())
        .isEqualTo(1);
    assertThat(cookieOnC.awaitEvents("datapoint", 1).events("datapoint").get(0).value())
        .isEqualTo(1);
  }

  /** A logout ends the session's open streams on every replica with {@code event: expired} (they used to run on). */
  @Test
  void logoutOnOneReplicaEndsTheSessionsOpenStreamsOnEveryReplica() {
    String jwt = loginOn(a).bodyAsJsonObject().getString("access_token");
    SseClient onB = track(b.openStream(LED, jwt, null));
    SseClient onC = track(c.openStream(LED, jwt, null));

    assertThat(a.post("/api/logout", jwt, null).statusCode()).isEqualTo(204);

    for (SseClient stream : List.of(onB, onC)) {
      stream.awaitEnd(Duration.ofSeconds(5));
      SseClient.Event last = stream.events().get(stream.events().size() - 1);
      assertThat(last.type()).isEqualTo("expired");
      assertThat(last.json().getString("reason")).isEqualTo("session_ended");
    }
  }

  @Test
  void logoutOnOneReplicaRevokesTheSessionOnAll() {
    String jwt = loginOn(a).bodyAsJsonObject().getString("access_token");
    assertThat(b.get("/api/devices", jwt).statusCode()).as("B knows the session").isEqualTo(200);
    assertThat(c.get("/api/streams", jwt).statusCode()).as("C knows the session").isEqualTo(200);

    assertThat(a.post("/api/logout", jwt, null).statusCode()).isEqualTo(204);

    assertThat(refuses(a, jwt)).isTrue();
    Eventually.until("B refuses the logged-out JWT", REVOCATION_DEADLINE, () -> refuses(b, jwt));
    assertThat(refuses(c, jwt)).isTrue();
    SseClient stream = track(b.events(LED, jwt));
    assertThat(stream.status()).isEqualTo(401);
  }

  /** The replica refuses the token itself ({@code /api/streams} makes no Ayla call that could fail instead). */
  private static boolean refuses(TestGateway gw, String jwt) {
    HttpResponse<Buffer> r = gw.get("/api/streams", jwt);
    return r.statusCode() == 401 && "invalid_token".equals(r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void ticketIssuedByOneReplicaIsRedeemableOnceAnywhere() {
    String jwt = loginOn(a).bodyAsJsonObject().getString("access_token");
    HttpResponse<Buffer> issued = a.post("/api/tickets", jwt, null);
    assertThat(issued.statusCode()).as(issued.bodyAsString()).isEqualTo(200);
    String ticket = issued.bodyAsJsonObject().getString("ticket");

    SseClient onB =
        track(
            SseClient.open(b.sse, b.port, "/events?" + LED + "&ticket=" + ticket, Map.of())
                .await());
    assertThat(onB.status()).isEqualTo(200);
    onB.await(s -> s.comments().contains("stream open"), Duration.ofSeconds(10));

    for (TestGateway again : List.of(a, c, b)) {
      SseClient reused =
          track(
              SseClient.open(
                      again.sse, again.port, "/events?" + LED + "&ticket=" + ticket, Map.of())
                  .await());
      assertThat(reused.status()).as("second use on port %d", again.port).isEqualTo(401);
    }
  }

  @Test
  void aylaTokensAreSealedInTheSharedMaps() {
    String jwt = loginOn(a).bodyAsJsonObject().getString("access_token");
    String sid = claims(jwt).getString("sid");
    HazelcastInstance hz = hazelcast(cluster.nodes.get(2));

    Object entry = hz.getMap("dss.auth.sessions").get(sid);
    Object sealed = hz.getMap("dss.auth.session-tokens").get(sid);
    assertThat(entry)
        .as("the session entry, read raw on another member")
        .isInstanceOf(String.class);
    assertThat(sealed).isInstanceOf(String.class);
    JsonObject tokens =
        new JsonObject(
            SecretBox.fromBase64(SECRETS_KEY)
                .open(new JsonObject((String) sealed).getString("sealed")));
    String access = tokens.getString("access_token");
    String refresh = tokens.getString("refresh_token");
    assertThat(access).isNotBlank();
    assertThat(refresh).isNotBlank();
    HttpResponse<Buffer> direct =
        a.web
            .get(simulator.simulatorPort(), "127.0.0.1", "/apiv1/devices.json")
            .putHeader("Authorization", "auth_token " + access)
            .send()
            .await();
    assertThat(direct.statusCode())
        .as("the sealed token is the user's real Ayla token")
        .isEqualTo(200);

    for (String map : List.of("dss.auth.sessions", "dss.auth.session-tokens", "dss.auth.tickets")) {
      hz.getMap(map)
          .values()
          .forEach(
              raw ->
                  assertThat(String.valueOf(raw))
                      .as(map)
                      .doesNotContain(access)
                      .doesNotContain(refresh));
    }
  }

  @Test
  void tokensRefreshedOnOneReplicaKeepTheOthersWorking() {
    String jwt = loginOn(a).bodyAsJsonObject().getString("access_token");
    assertThat(b.get("/api/devices", jwt).statusCode())
        .as("B holds the first token pair")
        .isEqualTo(200);

    a.simCall(HttpMethod.POST, "/sim/tokens/expire", new JsonObject());
    assertThat(a.get("/api/devices", jwt).statusCode())
        .as("A refreshes, which retires B's pair")
        .isEqualTo(200);

    Eventually.until(
        "B uses the tokens A refreshed",
        REVOCATION_DEADLINE,
        () -> b.get("/api/devices", jwt).statusCode() == 200);
    assertThat(c.get("/api/devices", jwt).statusCode()).isEqualTo(200);
  }

  @Test
  void twoReplicasRefreshingAtOnceBothAnswer() {
    String jwt = loginOn(a).bodyAsJsonObject().getString("access_token");
    assertThat(b.get("/api/devices", jwt).statusCode()).isEqualTo(200);

    a.simCall(HttpMethod.POST, "/sim/tokens/expire", new JsonObject());
    var onA = a.request(HttpMethod.GET, "/api/devices", jwt).send();
    var onB = b.request(HttpMethod.GET, "/api/devices", jwt).send();

    assertThat(List.of(onA.await().statusCode(), onB.await().statusCode()))
        .as(
            "Ayla refuses the second refresh of one pair; that replica takes the pair the other shared")
        .containsExactly(200, 200);
  }

  private static HttpResponse<Buffer> loginOn(TestGateway gw) {
    HttpResponse<Buffer> r =
        gw.post(
            "/api/login",
            null,
            new JsonObject()
                .put("email", TestGateway.DEMO)
                .put("password", TestGateway.DEMO_PASSWORD));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r;
  }

  private static String sessionCookie(HttpResponse<Buffer> login) {
    String setCookie =
        login.cookies().stream()
            .filter(s -> s.startsWith("dss_session="))
            .findFirst()
            .orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static JsonObject claims(String jwt) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
  }

  private SseClient track(SseClient stream) {
    streams.add(stream);
    return stream;
  }
}
