package io.dssgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A crowd resuming (measures and prints, asserts nothing): {@code bench.resume-browsers} browsers
 * reconnect at once with the same cursor, {@code bench.resume-events} events behind the stream's
 * head, so each gets those events replayed. Reports how long until every replayed event arrived,
 * and the gateway's CPU per replayed event. A first crowd warms the JIT; the second is measured.
 *
 * <p>Run: {@code mvn -B -q -Pbench -DskipTests package exec:exec
 * -Dbench.main=io.dssgateway.bench.ResumeBenchmark} (see docs/benchmarks.md).
 */
public final class ResumeBenchmark {

  private static final String DSN = "AC000W000340649";
  private static final String STREAM =
      "/events?subscription_type=datapoint&dsn=" + DSN + "&property_name=Blue_LED";

  private final int browsers = Integer.getInteger("bench.resume-browsers", 5_000);
  private final int behind = Integer.getInteger("bench.resume-events", 100);
  private final Path projectDir = GatewayProcess.projectDir();

  public static void main(String[] args) throws Exception {
    new ResumeBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    try (GatewayProcess gateway =
        GatewayProcess.start(
            projectDir,
            GatewayProcess.jar(projectDir),
            GatewayProcess.jvmFlags(projectDir),
            2 * browsers + 100)) {
      Vertx vertx = Vertx.vertx();
      try {
        HttpClient http = vertx.createHttpClient();
        String token = FanoutBenchmark.login(http, gateway.gatewayPort());
        SseClients head = new SseClients(vertx, gateway.gatewayPort(), List.of(token), 1);
        head.open(1, List.of(STREAM), 1).await(30, TimeUnit.SECONDS);
        new SimDatapoints(http, gateway.simulatorPort())
            .publish(DSN, "Blue_LED", SimDatapoints.sendTimes(1_000))
            .await(30, TimeUnit.SECONDS);
        while (head.delivered() < 1_000) {
          Thread.sleep(20);
        }
        JsonObject stream = stream(http, gateway.gatewayPort(), token);
        String cursor =
            stream.getLong("subscription_id") + ":" + (stream.getLong("last_seq") - behind);
        System.out.println(
            "bench: "
                + browsers
                + " browsers resume "
                + behind
                + " events behind the head ("
                + stream.getInteger("replay_buffered")
                + " kept)");
        for (String round : List.of("warm-up", "measured")) {
          crowd(vertx, gateway, token, cursor, round);
        }
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private void crowd(Vertx vertx, GatewayProcess gateway, String token, String cursor, String round)
      throws Exception {
    SseClients crowd = new SseClients(vertx, gateway.gatewayPort(), List.of(token), browsers);
    List<String> uri = Collections.singletonList(STREAM + "&last_event_id=" + cursor);
    GatewayProcess.Cpu before = gateway.cpu();
    long start = System.nanoTime();
    crowd.open(browsers, uri, 200).await(120, TimeUnit.SECONDS);
    long expected = (long) browsers * behind;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (crowd.delivered() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    GatewayProcess.Cpu cpu = gateway.cpu().minus(before);
    long cpuMillis = cpu.userMillis() + cpu.systemMillis();
    System.out.printf(
        Locale.ROOT,
        "bench: %s: %d of %d replayed events in %.2f s; gateway CPU %.2f s, %.2f µs per replayed"
            + " event (admission included)%n",
        round,
        crowd.delivered(),
        expected,
        seconds,
        cpuMillis / 1000.0,
        cpuMillis * 1000.0 / expected);
    crowd.close().await(60, TimeUnit.SECONDS);
  }

  private static JsonObject stream(HttpClient http, int port, String token) throws Exception {
    JsonArray streams =
        http.request(
                new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/api/streams")
                    .putHeader("Authorization", "Bearer " + token))
            .compose(req -> req.send())
            .compose(resp -> resp.body())
            .map(b -> new JsonObject(b).getJsonArray("streams"))
            .await(30, TimeUnit.SECONDS);
    return streams.getJsonObject(0);
  }
}
