package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.dssgateway.auth.AuthSettings;
import io.dssgateway.cluster.ClusterSettings;
import io.dssgateway.common.SecretBox;
import io.dssgateway.config.AppConfig;
import io.dssgateway.hub.HubSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster as the probes and metrics see it, on real Vert.x instances: clustered on Hazelcast
 * (loopback, TCP-IP discovery, ports picked here, a cluster name of its own) with the shipped
 * ConfigMap's settings, and not clustered.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterProbesTest {

  private static final Pattern MEMBERS = Pattern.compile("(?m)^dss_cluster_members (\\S+)$");

  private final List<Vertx> started = new ArrayList<>();
  private final List<GatewayMetrics> meters = new ArrayList<>();
  private Application app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.shutdown().await();
    }
    started.forEach(v -> v.close().await());
    meters.forEach(GatewayMetrics::close);
  }

  @Test
  void clusteredReadinessHasAClusterCheckAndTheGaugeCountsMembers() throws IOException {
    String cluster = "probes-" + UUID.randomUUID();
    String secretsKey = SecretBox.newKey();
    int portA = freePort();
    int portB = freePort();
    Member a = clustered(memberSettings(cluster, portA, "127.0.0.1:" + portA, secretsKey));
    app = new Application(a.vertx(), a.config(), a.metrics()).start().await();
    WebClient client = WebClient.create(a.vertx());

    HttpResponse<Buffer> alone = awaitReady(client);
    assertThat(check(alone, "http")).isPresent();
    assertThat(check(alone, "cluster"))
        .hasValueSatisfying(c -> assertThat(c.getString("status")).isEqualTo("UP"));
    assertThat(members(client)).isEqualTo(1.0);

    Member b =
        clustered(
            memberSettings(
                cluster, portB, "127.0.0.1:" + portA + ",127.0.0.1:" + portB, secretsKey));
    Eventually.until("A sees B join", Duration.ofSeconds(30), () -> members(client) == 2.0);
    assertThat(ClusterProbes.members(b.vertx())).isEqualTo(2);
    assertThat(check(awaitReady(client), "cluster"))
        .hasValueSatisfying(c -> assertThat(c.getString("status")).isEqualTo("UP"));

    started.remove(b.vertx());
    b.vertx().close().await();
    Eventually.until("A sees B leave", Duration.ofSeconds(30), () -> members(client) == 1.0);
    assertThat(check(awaitReady(client), "cluster")).isPresent();
  }

  @Test
  void clusterCheckFailsWithACauseOnceTheMemberHasLeft() throws IOException {
    int port = freePort();
    Member member =
        clustered(
            memberSettings(
                "probes-" + UUID.randomUUID(), port, "127.0.0.1:" + port, SecretBox.newKey()));
    var check = ClusterProbes.ready(member.vertx());
    check.get().await(); // passes: a cluster of one is safe

    // Hazelcast stops under a running Vert.x (as after a failed merge): not a member any more
    ((HazelcastClusterManager) ((VertxInternal) member.vertx()).clusterManager())
        .getHazelcastInstance()
        .shutdown();

    Throwable failure = check.get().transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).isNotBlank();
    assertThat(ClusterProbes.members(member.vertx())).isZero();
  }

  @Test
  void notClusteredReadinessHasNoClusterCheckAndTheGaugeSaysOne() throws IOException {
    GatewayMetrics metrics = new GatewayMetrics();
    meters.add(metrics);
    Vertx vertx = metrics.vertxBuilder(new VertxOptions()).build();
    started.add(vertx);
    Map<String, String> raw = podStandIns(K8sManifests.load().configMapAsSettings());
    raw.put(ClusterSettings.ENABLED.key(), "false");
    app = new Application(vertx, GatewaySettings.config(raw), metrics).start().await();
    WebClient client = WebClient.create(vertx);

    HttpResponse<Buffer> ready = awaitReady(client);
    assertThat(check(ready, "http")).isPresent();
    assertThat(check(ready, "cluster")).isEmpty();
    assertThat(members(client)).isEqualTo(1.0);
  }

  private record Member(Vertx vertx, AppConfig config, GatewayMetrics metrics) {}

  /** The shipped ConfigMap with what the pod would get from Kubernetes replaced by loopback stand-ins. */
  private static Map<String, String> memberSettings(
      String cluster, int port, String members, String secretsKey) throws IOException {
    Map<String, String> raw = podStandIns(K8sManifests.load().configMapAsSettings());
    assertThat(raw.get(ClusterSettings.ENABLED.key()))
        .as("the ConfigMap clusters")
        .isEqualTo("true");
    raw.put(ClusterSettings.NAME.key(), cluster);
    raw.put(ClusterSettings.HOST.key(), "127.0.0.1"); // the pod IP
    raw.put(ClusterSettings.PORT_SETTING.key(), String.valueOf(port));
    raw.put(ClusterSettings.EVENT_BUS_PORT.key(), "0");
    raw.remove(ClusterSettings.KUBERNETES_SERVICE_DNS.key()); // no headless Service here: TCP-IP
    raw.put(ClusterSettings.MEMBERS.key(), members);
    raw.put(OpsSettings.SECRETS_KEY.key(), secretsKey); // from the Secret
    return raw;
  }

  private static Map<String, String> podStandIns(Map<String, String> raw) {
    raw.put(OpsSettings.HTTP_PORT.key(), "0");
    raw.put(OpsSettings.HTTP_HOST.key(), "127.0.0.1");
    raw.put(
        AuthSettings.JWT_PRIVATE_KEY_FILE.key(), AuthSettings.JWT_PRIVATE_KEY_FILE.defaultValue());
    raw.put(
        AuthSettings.JWT_PUBLIC_KEY_FILE.key(), AuthSettings.JWT_PUBLIC_KEY_FILE.defaultValue());
    raw.put(AuthSettings.JWT_ALLOW_DEV_KEY.key(), "true"); // the ConfigMap names a real Ayla region
    raw.put(HubSettings.STORE_PATH.key(), "mem");
    try {
      raw.put(
          OpsSettings.METRICS_PORT.key(),
          String.valueOf(io.dssgateway.FixedPorts.free())); // the pod's may be taken here
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return raw;
  }

  /** A clustered Vert.x built as {@link Main} builds it. */
  private Member clustered(Map<String, String> raw) {
    AppConfig config = GatewaySettings.config(raw);
    GatewayMetrics metrics = new GatewayMetrics();
    meters.add(metrics);
    Vertx vertx = Main.vertx(config, metrics).await();
    started.add(vertx);
    assertThat(vertx.isClustered()).isTrue();
    return new Member(vertx, config, metrics);
  }

  private HttpResponse<Buffer> get(WebClient client, String path) {
    return client.request(HttpMethod.GET, app.gatewayPort(), "127.0.0.1", path).send().await();
  }

  /** {@code /health/ready} once it answers 200 (a joining member may be briefly unsafe). */
  private HttpResponse<Buffer> awaitReady(WebClient client) {
    @SuppressWarnings("unchecked")
    HttpResponse<Buffer>[] last = new HttpResponse[1];
    Eventually.until(
        "ready",
        Duration.ofSeconds(30),
        () -> (last[0] = get(client, HealthRoutes.READY_PATH)).statusCode() == 200);
    return last[0];
  }

  private double members(WebClient client) {
    Matcher m =
        MEMBERS.matcher(
            client
                .request(HttpMethod.GET, app.metricsPort(), "127.0.0.1", MetricsEndpoint.PATH)
                .send()
                .await()
                .bodyAsString());
    assertThat(m.find()).as("dss_cluster_members in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static Optional<JsonObject> check(HttpResponse<Buffer> r, String id) {
    return r.bodyAsJsonObject().getJsonArray("checks").stream()
        .map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id")))
        .findFirst();
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
