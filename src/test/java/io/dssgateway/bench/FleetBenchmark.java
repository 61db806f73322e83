package io.dssgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The fleet benchmark (measures and prints, asserts nothing): the simulator as its own JVM with a
 * fleet of {@code bench.fleet} devices of one model, one browser on each device ({@code
 * dsn=<its device>}), then {@code bench.fleet-rate} events a second fleet-wide for {@code
 * bench.fleet-seconds} after a warm-up of {@code bench.fleet-warmup-seconds}, each to the next device in
 * turn, a batch per 10 ms. Reports the upstream DSS sockets, admission, delivery (every event to its
 * one browser), latency end to end and inside the gateway (its {@code /metrics} histogram), and the
 * gateway's CPU per event. {@code bench.pin=0:1} puts the gateway on CPU 0 and the client and
 * simulator on CPU 1; {@code bench.simulator-jvm} sets the simulator's JVM flags.
 *
 * <p>Run: {@code mvn -B -q -Pbench -DskipTests package exec:exec
 * -Dbench.main=io.dssgateway.bench.FleetBenchmark} (see docs/benchmarks.md).
 */
public final class FleetBenchmark {

  private static final String MODEL = "fleet";

  private final int fleet = Integer.getInteger("bench.fleet", 10_000);
  private final int rate = Integer.getInteger("bench.fleet-rate", 2_000);
  private final int seconds = Integer.getInteger("bench.fleet-seconds", 20);
  private final int warmupSeconds = Integer.getInteger("bench.fleet-warmup-seconds", 10);
  private final Path projectDir = GatewayProcess.projectDir();
  private final List<String> gatewayFlags = GatewayProcess.jvmFlags(projectDir);

  public static void main(String[] args) throws Exception {
    new FleetBenchmark().run();
    System.exit(0);
  }

  /** The simulator's JVM flags ({@code bench.simulator-jvm}) and its fleet. */
  private static List<String> simulatorFlags(Path devices) {
    List<String> flags =
        new ArrayList<>(
            List.of(
                System.getProperty(
                        "bench.simulator-jvm", "-Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                    .trim()
                    .split("\\s+")));
    flags.add("-Ddss.sim.devices-file=" + devices);
    return flags;
  }

  private static String dsn(int i) {
    return String.format(Locale.ROOT, "FLEET%06d", i);
  }

  private void run() throws Exception {
    Path devices = Files.createTempFile("fleet-", ".json");
    JsonArray list = new JsonArray();
    for (int i = 0; i < fleet; i++) {
      list.add(
          new JsonObject()
              .put("dsn", dsn(i))
              .put("oem_model", MODEL)
              .put(
                  "properties",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("name", "temp")
                              .put("base_type", "integer")
                              .put("value", 0))));
    }
    Files.writeString(devices, list.encode());
    Path jar = GatewayProcess.jar(projectDir);
    GatewayProcess.pinClient();
    try (GatewayProcess gateway =
        GatewayProcess.startWithSimulatorApart(
            projectDir, jar, gatewayFlags, fleet + 100, simulatorFlags(devices))) {
      print(
          "gateway: pid "
              + gateway.pid()
              + ", simulator its own JVM, "
              + fleet
              + " devices"
              + (GatewayProcess.pin() == null
                  ? ", all sharing the CPUs"
                  : ", gateway on CPUs "
                      + GatewayProcess.pin()[0]
                      + ", client and simulator on "
                      + GatewayProcess.pin()[1]));
      Vertx vertx = Vertx.vertx();
      try {
        measure(vertx, gateway);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  private void measure(Vertx vertx, GatewayProcess gateway) throws Exception {
    HttpClient http =
        vertx.createHttpClient(new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
    String token = FanoutBenchmark.login(http, gateway.gatewayPort());
    List<String> uris = new ArrayList<>(fleet);
    for (int i = 0; i < fleet; i++) {
      uris.add("/events?subscription_type=datapoint&oem_model=" + MODEL + "&dsn=" + dsn(i));
    }
    SseClients clients = new SseClients(vertx, gateway.gatewayPort(), List.of(token), fleet);
    long t0 = System.nanoTime();
    clients.open(fleet, uris, 200).await(300, TimeUnit.SECONDS);
    print(
        String.format(
            Locale.ROOT,
            "admission: %d browsers, each on its own device, in %.2f s",
            fleet,
            (System.nanoTime() - t0) / 1e9));
    JsonObject stats = simStats(http, gateway.simulatorPort());
    SimDatapoints sim = new SimDatapoints(http, gateway.simulatorPort());
    print(
        "upstream: "
            + stats.getInteger("subscriptions")
            + " Ayla subscription(s), "
            + stats.getInteger("open_sockets")
            + " DSS socket(s)");
    long warmup = (long) rate * warmupSeconds; // the JITs of all three JVMs, not measured
    publishAtRate(vertx, sim, warmup).await(warmupSeconds + 60L, TimeUnit.SECONDS);
    long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (clients.delivered() < warmup && System.nanoTime() < warmDeadline) {
      Thread.sleep(20);
    }
    long warmDelivered = clients.delivered();
    print("warm-up: " + warmup + " events at " + rate + "/s, " + warmDelivered + " delivered");
    clients.takeLatencies();

    long events = (long) rate * seconds;
    GatewayProcess.Cpu before = gateway.cpu();
    FanoutLatencyScrape fanoutBefore = FanoutLatencyScrape.take(http, gateway.gatewayPort());
    long start = System.nanoTime();
    publishAtRate(vertx, sim, events).await(seconds + 60L, TimeUnit.SECONDS);
    long published = System.nanoTime() - start;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (clients.delivered() - warmDelivered < events && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    GatewayProcess.Cpu cpu = gateway.cpu().minus(before);
    Histogram h = clients.takeLatencies();
    FanoutLatencyScrape fanout = FanoutLatencyScrape.take(http, gateway.gatewayPort());
    long cpuMillis = cpu.userMillis() + cpu.systemMillis();
    print(
        String.format(
            Locale.ROOT,
            "publishing: %d events at %d/s asked, %.0f/s achieved; delivered %d (%d expected, one browser each)",
            events,
            rate,
            events / (published / 1e9),
            clients.delivered() - warmDelivered,
            events));
    print(
        String.format(
            Locale.ROOT,
            "latency: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getValueAtPercentile(99.9) / 1000.0,
            h.getMaxValue() / 1000.0));
    print(
        String.format(
            Locale.ROOT,
            "inside the gateway (upstream socket to browser's connection, /metrics buckets): p50 ≤ %.2f ms, p99 ≤ %.2f ms, p99.9 ≤ %.2f ms",
            fanout.percentileMillisSince(fanoutBefore, 50),
            fanout.percentileMillisSince(fanoutBefore, 99),
            fanout.percentileMillisSince(fanoutBefore, 99.9)));
    print(
        String.format(
            Locale.ROOT,
            "gateway CPU: %.2f s over %.1f s of publishing = %.0f %% of a core, %.1f µs per event; RSS %.0f MiB",
            cpuMillis / 1000.0,
            published / 1e9,
            100.0 * cpuMillis / (published / 1e6),
            cpuMillis * 1000.0 / events,
            gateway.rssBytes() / 1048576.0));
    clients.close().await(30, TimeUnit.SECONDS);
  }

  /**
   * The devices in turn, one datapoint each, paced in 10 ms ticks: each tick's datapoints go in one
   * batched {@code POST /sim/datapoints}, so the simulator's HTTP costs per tick, not per event.
   * Completes when every batch was answered.
   */
  private Future<Void> publishAtRate(Vertx vertx, SimDatapoints sim, long events) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    AtomicLong sent = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    long perTick = Math.max(1, rate / 100);
    long startNanos = System.nanoTime();
    vertx.setPeriodic(
        10,
        timer -> {
          long due =
              Math.min(events, (System.nanoTime() - startNanos) / 10_000_000L * perTick + perTick);
          JsonArray batch = new JsonArray();
          long now = SseClients.nowMicros();
          while (sent.get() < due) {
            long n = sent.getAndIncrement();
            batch.add(
                new JsonObject()
                    .put("dsn", dsn((int) (n % fleet)))
                    .put("property_name", "temp")
                    .put("values", new JsonArray().add(now)));
          }
          if (sent.get() >= events) {
            vertx.cancelTimer(timer);
          }
          if (batch.isEmpty()) {
            return;
          }
          int size = batch.size();
          sim.publish(batch)
              .onComplete(
                  ar -> {
                    if (answered.addAndGet(size) == events) {
                      done.tryComplete();
                    }
                  });
        });
    return done.future();
  }

  private static JsonObject simStats(HttpClient http, int simPort) throws Exception {
    return http.request(HttpMethod.GET, simPort, "127.0.0.1", "/sim/stats")
        .compose(req -> req.send())
        .compose(resp -> resp.body())
        .map(JsonObject::new)
        .await(30, TimeUnit.SECONDS);
  }

  private static void print(String line) {
    System.out.println("bench: " + line);
  }
}
