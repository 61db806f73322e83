package io.dssgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The fan-out benchmark (not a test: it asserts nothing, it measures and prints). Starts the
 * gateway + embedded simulator as a separate JVM, opens {@code bench.connections} SSE streams on
 * two filters of one device, then posts bursts of datapoints whose values are the send time in
 * epoch micros, and reports admission (each connection with its own token), RSS and live heap per
 * idle connection, delivered msgs/s, GC pauses and allocation per delivery per phase, write
 * syscalls per event per browser, and last the latency at a fixed rate below saturation
 * ({@code bench.rate} events/s to {@code bench.rate-browsers} of the streams, the others closed).
 * Every phase is bounded in count and time.
 *
 * <p>Run: {@code mvn -B -q -Pbench -DskipTests package exec:exec} (see docs/benchmarks.md).
 */
public final class FanoutBenchmark {

  private static final String DSN = "AC000W000340649";
  private static final String PROPERTY = "Blue_LED";
  private static final List<String> URIS =
      List.of(
          "/events?subscription_type=datapoint&dsn=" + DSN,
          "/events?subscription_type=datapoint&dsn=" + DSN + "&property_name=" + PROPERTY);
  private static final long PHASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final int connections = Integer.getInteger("bench.connections", 10_000);
  private final int burstSize = Integer.getInteger("bench.burst-size", 20);
  private final int bursts = Integer.getInteger("bench.bursts", 30);
  private final int singles = Integer.getInteger("bench.singles", 50);
  private final int rate = Integer.getInteger("bench.rate", 20);
  private final int rateBrowsers = Integer.getInteger("bench.rate-browsers", 1_000);
  private final int rateSeconds = Integer.getInteger("bench.rate-seconds", 15);
  private final boolean distinctTokens =
      !"single".equals(System.getProperty("bench.tokens", "distinct"));
  private final Path projectDir = GatewayProcess.projectDir();
  private final List<String> gatewayFlags = GatewayProcess.jvmFlags(projectDir);
  private final Report report = new Report();

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(Long.getLong("bench.max-minutes", 15)));
                System.err.println("bench: time limit reached, exiting");
                System.exit(2);
              } catch (InterruptedException done) {
                // finished in time
              }
            },
            "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    new FanoutBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    report.line("ulimit -n (client JVM): " + openFileLimit());
    Path jar = GatewayProcess.jar(projectDir);
    try (GatewayProcess gateway =
        GatewayProcess.start(projectDir, jar, gatewayFlags, connections + 100)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> destroy(gateway)));
      report.line("gateway: pid " + gateway.pid() + ", " + String.join(" ", gateway.command()));
      Vertx vertx = Vertx.vertx();
      try {
        measure(vertx, gateway);
      } finally {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
    report.print();
  }

  private void measure(Vertx vertx, GatewayProcess gateway) throws Exception {
    HttpClient http = vertx.createHttpClient();
    String token = login(http, gateway.gatewayPort());
    Load load = new Load(new SimDatapoints(http, gateway.simulatorPort()));
    List<String> tokens = List.of(token);
    if (distinctTokens) {
      long m0 = System.nanoTime();
      tokens =
          DistinctTokens.mint(
              vertx, token, projectDir.resolve("conf/dev-keys/jwt-dev-private.pem"), connections);
      report.line(
          String.format(
              Locale.ROOT,
              "minted %d distinct tokens (the login token's claims, each with its own jti, "
                  + "signed again with the dev key) in %.1f s",
              tokens.size(),
              (System.nanoTime() - m0) / 1e9));
    }

    boolean gc = gateway.gc();
    Thread.sleep(1000);
    long rssBefore = gateway.rssBytes();
    long heapBefore = heapUsed(gateway);

    SseClients clients = new SseClients(vertx, gateway.gatewayPort(), tokens, connections);
    long t0 = System.nanoTime();
    clients.open(connections, URIS, 256).await(5, TimeUnit.MINUTES);
    long openMillis = (System.nanoTime() - t0) / 1_000_000;
    report.line(
        String.format(
            Locale.ROOT,
            "admission: opened %d SSE connections (%s) on %d filters in %.2f s (%.0f/s)",
            connections,
            distinctTokens ? "each with its own token" : "one shared token",
            URIS.size(),
            openMillis / 1000.0,
            connections * 1000.0 / Math.max(1, openMillis)));

    if (gc) {
      gateway.gc();
    }
    Thread.sleep(1000);
    long rssAfter = gateway.rssBytes();
    report.rss(rssBefore, rssAfter, connections, gc);
    report.line(
        String.format(
            Locale.ROOT,
            "live heap after GC: %.1f MiB before, %.1f MiB after -> %.1f KiB per idle connection",
            heapBefore / 1048576.0,
            heapUsed(gateway) / 1048576.0,
            (heapUsed(gateway) - heapBefore) / 1024.0 / connections));
    if (Boolean.getBoolean("bench.histogram")) {
      String histogram = gateway.jcmd("GC.class_histogram");
      System.out.println(
          histogram == null
              ? "no class histogram"
              : histogram.lines().limit(40).reduce("", (x, y) -> x + y + "\n"));
    }

    phase("warm-up", clients, load, gateway, 20, 10, false);
    measured(
        "burst",
        http,
        gateway,
        () -> {
          phase("burst", clients, load, gateway, bursts, burstSize, true);
          return (long) bursts * burstSize * connections;
        });
    measured(
        "single",
        http,
        gateway,
        () -> {
          phase("single", clients, load, gateway, singles, 1, true);
          return (long) singles * connections;
        });
    syscalls(clients, load, gateway);
    report.line("connections ended early: " + clients.endedCount());
    // Below saturation, as the latency target and the Nginx + Nchan comparison measure it: 20
    // events/s
    // to 1,000 browsers (20/s to all 10,000 is 200,000 deliveries a second, this machine's limit).
    clients.keepOnly(rateBrowsers).await(60, TimeUnit.SECONDS);
    awaitStreams(http, gateway, rateBrowsers);
    measured("rate", http, gateway, () -> fixedRate(clients, load, gateway));
    clients.close().await(30, TimeUnit.SECONDS);
  }

  /**
   * Closed loop: post a burst of {@code size} events, wait until every connection got all of
   * them, repeat. Delivered msgs/s = events x connections / wall time of the whole phase.
   */
  private void phase(
      String name,
      SseClients clients,
      Load load,
      GatewayProcess gateway,
      int rounds,
      int size,
      boolean record)
      throws Exception {
    clients.takeLatencies();
    long startDelivered = clients.delivered();
    GatewayProcess.Cpu startCpu = gateway.cpu();
    long start = System.nanoTime();
    long expected = startDelivered;
    for (int r = 0; r < rounds; r++) {
      expected += (long) size * connections;
      load.burst(DSN, PROPERTY, size).await(30, TimeUnit.SECONDS);
      awaitDelivered(clients, expected, name);
    }
    long nanos = System.nanoTime() - start;
    GatewayProcess.Cpu cpu = gateway.cpu().minus(startCpu);
    Histogram latency = clients.takeLatencies();
    long delivered = clients.delivered() - startDelivered;
    if (record) {
      report.phase(name, rounds, size, delivered, nanos, cpu, latency);
    }
  }

  /**
   * Open loop below saturation: one event every 1/{@code rate} s for {@code rateSeconds}, posted
   * on schedule whatever the deliveries do, then the latency of every delivery. Returns the deliveries.
   */
  private long fixedRate(SseClients clients, Load load, GatewayProcess gateway) throws Exception {
    clients.takeLatencies();
    long startDelivered = clients.delivered();
    GatewayProcess.Cpu startCpu = gateway.cpu();
    long period = 1_000_000_000L / rate;
    int events = rate * rateSeconds;
    long start = System.nanoTime();
    List<Future<Void>> posts = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      long due = start + i * period;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // the schedule itself, not a synchronisation
      }
      posts.add(load.burst(DSN, PROPERTY, 1));
    }
    Future.all(posts).await(60, TimeUnit.SECONDS);
    awaitDelivered(clients, startDelivered + (long) events * clients.remaining(), "rate");
    GatewayProcess.Cpu cpu = gateway.cpu().minus(startCpu);
    Histogram h = clients.takeLatencies();
    long delivered = clients.delivered() - startDelivered;
    report.line(
        String.format(
            Locale.ROOT,
            "rate: %d events at %d/s to %d browsers -> latency p50 %.1f ms, p90 %.1f ms, "
                + "p99 %.1f ms, max %.1f ms; gateway CPU %.1f s (%.2f µs per delivery)",
            events,
            rate,
            clients.remaining(),
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(90) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getMaxValue() / 1000.0,
            cpu.totalMillis() / 1000.0,
            cpu.totalMillis() * 1000.0 / Math.max(1, delivered)));
    return delivered;
  }

  private interface Phase {
    long run() throws Exception;
  }

  /**
   * Runs a phase between two forced collections (so the allocation count covers exactly it) and
   * reports its GC pauses and the bytes allocated per delivery.
   */
  private void measured(String name, HttpClient http, GatewayProcess gateway, Phase phase)
      throws Exception {
    gateway.gc();
    JvmCounters before = JvmCounters.read(http, gateway.gatewayPort());
    int mark = GcPauses.mark(gateway.gcLog());
    long deliveries = phase.run();
    GcPauses pauses = GcPauses.since(gateway.gcLog(), mark);
    gateway.gc();
    double allocated =
        JvmCounters.read(http, gateway.gatewayPort()).allocatedBytes() - before.allocatedBytes();
    report.line(
        String.format(
            Locale.ROOT,
            "%s: %d GC pauses, %.1f ms in all, longest %.1f ms; %.0f bytes allocated per delivery",
            name,
            pauses.count(),
            pauses.totalMillis(),
            pauses.maxMillis(),
            allocated / Math.max(1, deliveries)));
  }

  /** The write syscalls of the gateway process during a few bursts, per event per browser. */
  private void syscalls(SseClients clients, Load load, GatewayProcess gateway) throws Exception {
    GatewayProcess.Strace strace = gateway.strace();
    if (strace == null) {
      report.line("write syscalls: strace not available (apt-get install strace); not measured");
      return;
    }
    int rounds = 5;
    long expected = clients.delivered();
    for (int size : new int[] {1, burstSize}) {
      for (int r = 0; r < rounds; r++) {
        expected += (long) size * connections;
        load.burst(DSN, PROPERTY, size).await(60, TimeUnit.SECONDS);
        awaitDelivered(clients, expected, "strace");
      }
    }
    long calls = strace.stop();
    clients.takeLatencies();
    long deliveries = (long) rounds * (1 + burstSize) * connections;
    report.syscalls(calls, rounds, burstSize, deliveries, connections);
  }

  /** Until the gateway's {@code dss_sse_connections} gauge shows exactly {@code count} open streams. */
  private void awaitStreams(HttpClient http, GatewayProcess gateway, int count) throws Exception {
    long deadline = System.nanoTime() + PHASE_TIMEOUT_NANOS;
    while (JvmCounters.sseConnections(http, gateway.gatewayPort()) != count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the gateway did not come down to " + count + " streams within 60 s");
      }
      Thread.sleep(100); // polls the gauge: the gateway has no event for "these browsers are gone"
    }
  }

  private void awaitDelivered(SseClients clients, long expected, String phase)
      throws InterruptedException {
    long deadline = System.nanoTime() + PHASE_TIMEOUT_NANOS;
    while (clients.delivered() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            phase
                + ": only "
                + clients.delivered()
                + " of "
                + expected
                + " deliveries after 60 s ("
                + clients.endedCount()
                + " connections ended)");
      }
      Thread.sleep(2); // no event to wait for: the count grows on the client's event loops
    }
  }

  static String login(HttpClient http, int port) throws Exception {
    return http.request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/api/login")
                .putHeader("Content-Type", "application/json"))
        .compose(
            req ->
                req.send(
                    new JsonObject()
                        .put("email", "demo@example.com")
                        .put("password", "demo1234")
                        .toBuffer()))
        .compose(
            resp ->
                resp.body()
                    .map(
                        b -> {
                          if (resp.statusCode() != 200) {
                            throw new IllegalStateException(
                                "login answered " + resp.statusCode() + ": " + b);
                          }
                          return new JsonObject(b).getString("access_token");
                        }))
        .await(30, TimeUnit.SECONDS);
  }

  /** Heap in use as {@code jcmd GC.heap_info} reports it (bytes), -1 when unavailable. */
  private static long heapUsed(GatewayProcess gateway) throws InterruptedException {
    String info = gateway.jcmd("GC.heap_info");
    if (info == null) {
      return -1;
    }
    long used = 0;
    java.util.regex.Pattern usedK = java.util.regex.Pattern.compile("used (\\d+)K");
    for (String line : info.split("\n")) {
      java.util.regex.Matcher m = usedK.matcher(line);
      if ((line.contains("generation") || line.contains("heap")) && m.find()) {
        used +=
            Long.parseLong(m.group(1)) * 1024; // Serial/Parallel: young + old; G1: the heap line
      }
    }
    return used;
  }

  private static String openFileLimit() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/limits")).stream()
        .filter(l -> l.startsWith("Max open files"))
        .map(l -> l.replaceAll("\\s+", " "))
        .findFirst()
        .orElse("?");
  }

  private static void destroy(GatewayProcess gateway) {
    try {
      gateway.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Posts datapoints to the simulator; each value is the send time in epoch micros. */
  private record Load(SimDatapoints sim) {
    Future<Void> burst(String dsn, String property, int size) {
      return sim.publish(dsn, property, SimDatapoints.sendTimes(size));
    }
  }

  /** Collects the lines printed at the end (and pasted into docs/benchmarks.md). */
  private static final class Report {
    private final List<String> lines = new ArrayList<>();

    void line(String s) {
      System.out.println("bench: " + s);
      lines.add(s);
    }

    void rss(long before, long after, int connections, boolean gc) {
      line(
          String.format(
              Locale.ROOT,
              "RSS: %.1f MiB before, %.1f MiB with %d idle connections%s -> %.1f KiB per idle connection",
              before / 1048576.0,
              after / 1048576.0,
              connections,
              gc ? " (both after jcmd GC.run)" : " (no jcmd: no GC first)",
              (after - before) / 1024.0 / connections));
    }

    void phase(
        String name,
        int rounds,
        int size,
        long delivered,
        long nanos,
        GatewayProcess.Cpu cpu,
        Histogram h) {
      double seconds = nanos / 1e9;
      line(
          String.format(
              Locale.ROOT,
              "%s: %d x %d events -> %d deliveries in %.2f s = %.0f msgs/s; latency p50 %.1f ms, "
                  + "p99 %.1f ms, max %.1f ms; gateway CPU %.1f s = %.1f user + %.1f sys (%.2f µs per delivery)",
              name,
              rounds,
              size,
              delivered,
              seconds,
              delivered / seconds,
              h.getValueAtPercentile(50) / 1000.0,
              h.getValueAtPercentile(99) / 1000.0,
              h.getMaxValue() / 1000.0,
              cpu.totalMillis() / 1000.0,
              cpu.userMillis() / 1000.0,
              cpu.systemMillis() / 1000.0,
              cpu.totalMillis() * 1000.0 / Math.max(1, delivered)));
    }

    void syscalls(long calls, int rounds, int burstSize, long deliveries, int connections) {
      if (calls < 0) {
        line("write syscalls: strace did not stop cleanly; not measured");
        return;
      }
      line(
          String.format(
              Locale.ROOT,
              "write syscalls (strace -c -f write/writev/sendmsg/sendto, %d single events + %d bursts of %d): "
                  + "%d calls for %d deliveries = %.3f per event per browser (%.2f per browser per burst/event posted)",
              rounds,
              rounds,
              burstSize,
              calls,
              deliveries,
              (double) calls / deliveries,
              (double) calls / (2.0 * rounds * connections)));
    }

    void print() {
      System.out.println();
      System.out.println("=== fan-out benchmark ===");
      lines.forEach(System.out::println);
    }
  }
}
