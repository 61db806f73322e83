package io.dssgateway.cluster;

import io.dssgateway.Eventually;
import io.dssgateway.common.SecretBox;
import io.dssgateway.ops.Main;
import io.dssgateway.sim.SimConfig;
import io.dssgateway.sim.Simulator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real cluster on loopback: the simulator in this JVM, and each gateway replica its own JVM
 * ({@code ops.Main}, role gateway, clustered), so {@code kill -9} kills a real process. Every
 * replica's output goes to {@code target/cluster-logs/}.
 */
final class ClusterHarness implements AutoCloseable {

  private static final Pattern BANNER =
      Pattern.compile("DSS Gateway listening: http://localhost:(\\d+)/");
  private static final Pattern MEMBERS = Pattern.compile("Cluster members: (\\d+)");

  static final String DEMO = "demo@example.com";

  final Vertx vertx = Vertx.vertx();
  final WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
  final Simulator simulator;
  final int simPort;
  private final String name = "test-" + UUID.randomUUID();
  private final String secretsKey = SecretBox.newKey();
  private final Path dir;
  private final Map<String, String> extraEnv;
  private final Replica[] replicas;
  private final String members;

  /** One gateway process; its ports stay the same across restarts. */
  final class Replica {
    final int index;
    final int clusterPort;
    final int busPort;
    final int httpPort;
    volatile Process process;
    volatile int members;
    volatile String token;

    Replica(int index) throws IOException {
      this.index = index;
      this.clusterPort = freePort();
      this.busPort = freePort();
      this.httpPort = freePort();
    }

    boolean alive() {
      return process != null && process.isAlive();
    }
  }

  ClusterHarness(int size, Map<String, String> extraEnv) throws IOException {
    this.dir = Files.createDirectories(Path.of("target", "cluster-logs", name));
    this.extraEnv = extraEnv;
    this.simulator =
        new Simulator(
            vertx,
            SimConfig.of(
                Map.of(
                    "sim.port",
                    "0",
                    "sim.retained-events",
                    "100000",
                    "sim.max-sockets",
                    "100",
                    "sim.heartbeat-interval-ms",
                    "5000")));
    this.simPort = simulator.start().await();
    this.replicas = new Replica[size];
    List<String> hz = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      replicas[i] = new Replica(i);
      hz.add("127.0.0.1:" + replicas[i].clusterPort);
    }
    this.members = String.join(",", hz);
  }

  Replica replica(int i) {
    return replicas[i];
  }

  int size() {
    return replicas.length;
  }

  /** Starts every replica not running, then waits until each sees the whole cluster. */
  void startAll() throws Exception {
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (Replica r : replicas) {
      if (!r.alive()) {
        starting.add(CompletableFuture.runAsync(() -> start(r)));
      }
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    awaitMembers(replicas.length);
  }

  void awaitMembers(int count) {
    Eventually.until(
        "every live replica sees " + count + " members",
        Duration.ofSeconds(60),
        () -> {
          for (Replica r : replicas) {
            if (r.alive() && r.members != count) {
              return false;
            }
          }
          return true;
        });
  }

  /** Starts one replica's process and waits for its banner; signs in the demo user there. */
  void start(Replica r) {
    try {
      Map<String, String> env = new HashMap<>();
      String ayla = "http://127.0.0.1:" + simPort;
      env.put("DSS_ROLE", "gateway");
      env.put("DSS_HTTP_HOST", "127.0.0.1");
      env.put("DSS_HTTP_PORT", String.valueOf(r.httpPort));
      env.put("DSS_AYLA_USER_URL", ayla);
      env.put("DSS_AYLA_ADS_URL", ayla);
      env.put("DSS_AYLA_DSS_URL", ayla);
      env.put("DSS_AYLA_DSS_WS_URL", "ws://127.0.0.1:" + simPort + "/stream");
      env.put(
          "DSS_HUB_STORE_PATH",
          dir.resolve("store-" + r.index + "-" + System.nanoTime()).resolve("gateway").toString());
      env.put("DSS_HUB_LINGER_MS", "500");
      env.put("DSS_LOG_ACCESS", "false");
      env.put("DSS_SSE_MAX_CONNECTIONS_PER_USER", "10000");
      env.put(
          "DSS_HTTP_WARMUP_REQUESTS",
          "200"); // the warm-up runs in every replica, shorter than the shipped one
      env.put("DSS_SHUTDOWN_GRACE_MS", "5000");
      env.put("DSS_CLUSTER_ENABLED", "true");
      env.put("DSS_CLUSTER_NAME", name);
      env.put("DSS_CLUSTER_HOST", "127.0.0.1");
      env.put("DSS_CLUSTER_PORT", String.valueOf(r.clusterPort));
      env.put("DSS_CLUSTER_EVENT_BUS_PORT", String.valueOf(r.busPort));
      env.put("DSS_CLUSTER_MEMBERS", members);
      env.put("DSS_CLUSTER_FAILURE_TIMEOUT_MS", "3000");
      env.put("DSS_SECRETS_KEY", secretsKey);
      env.putAll(extraEnv);
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName())
              .directory(Path.of(System.getProperty("project.basedir", ".")).toFile())
              .redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("DSS_"));
      builder.environment().putAll(env);
      r.members = 0;
      Process process = builder.start();
      r.process = process;
      CompletableFuture<Void> banner = new CompletableFuture<>();
      PrintWriter log =
          new PrintWriter(
              Files.newBufferedWriter(
                  dir.resolve("replica-" + r.index + ".log"),
                  java.nio.file.StandardOpenOption.CREATE,
                  java.nio.file.StandardOpenOption.APPEND),
              true);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = out.readLine()) != null) {
                    log.println(line);
                    Matcher m = MEMBERS.matcher(line);
                    if (m.find() && r.process == process) {
                      r.members = Integer.parseInt(m.group(1));
                    }
                    if (BANNER.matcher(line).find()) {
                      banner.complete(null);
                    }
                  }
                } catch (IOException ignored) {
                  // the process died
                } finally {
                  log.close();
                  banner.completeExceptionally(
                      new AssertionError(
                          "replica " + r.index + " ended before its banner; see " + dir));
                }
              },
              "replica-" + r.index + "-output");
      reader.setDaemon(true);
      reader.start();
      banner.get(120, TimeUnit.SECONDS);
      r.token = login(r);
    } catch (Exception e) {
      throw new IllegalStateException("replica " + r.index + " did not start: " + e, e);
    }
  }

  /** {@code kill -9}: the process dies with no goodbye. */
  void kill(Replica r) throws InterruptedException {
    r.process.destroyForcibly();
    r.process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the graceful shutdown (drain, hand over, leave the cluster). */
  void terminate(Replica r) throws InterruptedException {
    r.process.destroy();
    if (!r.process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("replica " + r.index + " did not exit within 30 s of SIGTERM");
    }
  }

  String login(Replica r) {
    HttpResponse<Buffer> res =
        web.post(r.httpPort, "127.0.0.1", "/api/login")
            .sendJsonObject(new JsonObject().put("email", DEMO).put("password", "demo1234"))
            .await();
    if (res.statusCode() != 200) {
      throw new AssertionError(
          "login on replica " + r.index + ": " + res.statusCode() + " " + res.bodyAsString());
    }
    return res.bodyAsJsonObject().getString("access_token");
  }

  JsonObject simStats() {
    return web.get(simPort, "127.0.0.1", "/sim/stats").send().await().bodyAsJsonObject();
  }

  void publish(String dsn, String property, List<?> values) {
    HttpResponse<Buffer> res =
        web.post(simPort, "127.0.0.1", "/sim/datapoints")
            .sendJsonObject(
                new JsonObject()
                    .put("dsn", dsn)
                    .put("property_name", property)
                    .put("values", values))
            .await();
    if (res.statusCode() != 200) {
      throw new AssertionError("publish: " + res.statusCode() + " " + res.bodyAsString());
    }
  }

  /** The simulator closes every DSS socket (each reconnects). */
  void dropUpstreamSockets() {
    web.post(simPort, "127.0.0.1", "/sim/sockets/drop").sendJsonObject(new JsonObject()).await();
  }

  void generator(int rate) {
    web.post(simPort, "127.0.0.1", "/sim/generator")
        .sendJsonObject(new JsonObject().put("rate", rate))
        .await();
  }

  /** {@code /api/streams} of one replica. */
  io.vertx.core.json.JsonArray streams(Replica r) {
    return web.get(r.httpPort, "127.0.0.1", "/api/streams")
        .bearerTokenAuthentication(r.token)
        .send()
        .await()
        .bodyAsJsonObject()
        .getJsonArray("streams");
  }

  private static int freePort() throws IOException {
    return io.dssgateway.FixedPorts
        .free(); // below the ephemeral range: no outgoing connection takes it meanwhile
  }

  @Override
  public void close() {
    for (Replica r : replicas) {
      if (r.process != null) {
        r.process.destroyForcibly();
      }
    }
    for (Replica r : replicas) {
      if (r.process != null) {
        try {
          r.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    vertx.close().await();
  }
}
