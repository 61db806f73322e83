package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.cluster.ClusterSettings;
import io.dssgateway.common.SecretBox;
import io.dssgateway.hub.HubSettings;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real entry point in its own JVM with the ConfigMap's environment: it starts, answers the
 * Deployment's probes, and exits within the grace period on SIGTERM.
 */
class MainProcessTest {

  private static final Pattern BANNER =
      Pattern.compile("DSS Gateway listening: http://localhost:(\\d+)/");

  @TempDir Path data;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void startsWithConfigMapAnswersProbesAndExitsWithinGraceOnSigterm() throws Exception {
    K8sManifests k8s = K8sManifests.load();
    Map<String, Object> container =
        K8sManifests.get(k8s.one("Deployment", "dss-gateway"), "spec.template.spec.containers.0");
    Map<String, String> env = k8s.configMapEnv();
    long graceMillis =
        GatewaySettings.config(k8s.configMapAsSettings()).millis(OpsSettings.SHUTDOWN_GRACE);
    // Local stand-ins for what the pod gets from Kubernetes: no Ayla, so the embedded simulator;
    // any free ports; a writable store; the dev JWT keys instead of the mounted Secret; a cluster
    // of one on loopback (its own name, TCP-IP to itself) instead of the headless Service and pod
    // IP.
    env.put(OpsSettings.ROLE.envName(), "all");
    int clusterPort = freePort();
    env.put(ClusterSettings.HOST.envName(), "127.0.0.1");
    env.put(ClusterSettings.PORT_SETTING.envName(), String.valueOf(clusterPort));
    env.put(ClusterSettings.EVENT_BUS_PORT.envName(), "0");
    env.put(ClusterSettings.MEMBERS.envName(), "127.0.0.1:" + clusterPort);
    env.put(ClusterSettings.NAME.envName(), "main-process-" + UUID.randomUUID());
    env.put(OpsSettings.SECRETS_KEY.envName(), SecretBox.newKey());
    env.remove(
        io.dssgateway.upstream.UpstreamSettings.REGION.envName()); // Ayla = the embedded simulator
    env.put(AuthSettings.COOKIE_SECURE.envName(), "false");
    env.put(OpsSettings.HTTP_PORT.envName(), "0");
    env.put(io.dssgateway.sim.SimSettings.PORT.envName(), "0");
    env.put(HubSettings.STORE_PATH.envName(), data.resolve("gateway").toString());
    env.put(
        AuthSettings.JWT_PRIVATE_KEY_FILE.envName(),
        AuthSettings.JWT_PRIVATE_KEY_FILE.defaultValue());
    env.put(
        AuthSettings.JWT_PUBLIC_KEY_FILE.envName(),
        AuthSettings.JWT_PUBLIC_KEY_FILE.defaultValue());

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .directory(Path.of(System.getProperty("project.basedir", ".")).toFile())
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("DSS_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      int port = awaitBannerPort(out);
      CompletableFuture.runAsync(() -> out.lines().forEach(line -> {})); // keep the pipe drained

      // HTTP/1.1: the JDK 17 client drops every stream on an HTTP/2 GOAWAY (JDK-8335181), which the
      // server sends when it stops accepting; browsers and curl keep the open stream, as they
      // should.
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      for (String probe : List.of("livenessProbe", "readinessProbe")) {
        String path = K8sManifests.get(container, probe + ".httpGet.path");
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
        if (probe.equals("readinessProbe")) {
          assertThat(new JsonObject(r.body()).getJsonArray("checks"))
              .as("readiness includes the cluster")
              .contains(new JsonObject().put("id", "cluster").put("status", "UP"));
        }
      }

      Iterator<String> stream = openLiveStream(http, port);
      CompletableFuture<List<String>> afterSigterm =
          CompletableFuture.supplyAsync(
              () -> {
                List<String> lines = new ArrayList<>();
                try {
                  stream.forEachRemaining(lines::add);
                } catch (java.io.UncheckedIOException e) {
                  lines.add("!! " + e.getMessage());
                }
                return lines;
              });

      long sigterm = System.nanoTime();
      process.destroy(); // SIGTERM on Linux
      List<String> lastLines = afterSigterm.get(graceMillis + 2000, TimeUnit.MILLISECONDS);
      assertThat(lastLines)
          .as("the live stream ends with a retry hint and a shutdown event")
          .anyMatch(l -> l.startsWith("retry: "))
          .contains("event: shutdown")
          .noneMatch(l -> l.startsWith("!! "));
      boolean exited = process.waitFor(graceMillis + 2000, TimeUnit.MILLISECONDS);
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
      assertThat(exited).as("exited within the grace period").isTrue();
      assertThat(tookMillis).isLessThan(graceMillis + 2000);
    } finally {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket probe =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }

  /** Signs in with the demo account and opens an SSE stream; returns its lines after the opening comment. */
  private static Iterator<String> openLiveStream(HttpClient http, int port) throws Exception {
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"demo@example.com\",\"password\":\"demo1234\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    String token = new JsonObject(login.body()).getString("access_token");
    HttpResponse<java.util.stream.Stream<String>> sse =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/events?subscription_type=datapoint&oem_model=ledevb&dsn=*"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(sse.statusCode()).isEqualTo(200);
    Iterator<String> lines = sse.body().iterator();
    while (lines.hasNext()) {
      if (lines.next().equals(": stream open")) {
        return lines;
      }
    }
    throw new AssertionError("the stream ended before it opened");
  }

  /** Reads stdout until the banner line (or the process ends: then the output says why). */
  private static int awaitBannerPort(BufferedReader out) throws Exception {
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = BANNER.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("process ended before its banner; output:\n" + seen);
  }
}
