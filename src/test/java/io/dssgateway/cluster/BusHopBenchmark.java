package io.dssgateway.cluster;

import io.dssgateway.Eventually;
import io.dssgateway.hub.StreamEvent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The cost of the event-bus hop between replicas: one holder encodes each event once into a bus
 * frame and publishes it; another member (a separate clustered Vert.x with its own Hazelcast, over
 * loopback TCP) decodes it. Reports throughput, CPU per event (this JVM holds both ends) and
 * latency at a fixed rate below saturation. A plain {@code main}, not a test:
 * {@code mvn -B -q -Pbench -DskipTests package exec:exec -Dbench.main=io.dssgateway.cluster.BusHopBenchmark}.
 */
public final class BusHopBenchmark {

  private static final String ADDRESS = "dss.events.bench";

  private BusHopBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = Integer.getInteger("bench.bus-events", 200_000);
    String name = "bench-" + UUID.randomUUID();
    int portA = freePort();
    int portB = freePort();
    Vertx holder = clustered(name, portA, portA + "," + portB);
    Vertx reader = clustered(name, portB, portA + "," + portB);
    try {
      Eventually.until(
          "both members joined",
          Duration.ofSeconds(60),
          () -> ((VertxInternal) holder).clusterManager().getNodes().size() >= 2);
      Buffer json =
          Buffer.buffer(
              ("{\"seq\":\"1\",\"metadata\":{\"oem_id\":\"0dfc7900\",\"oem_model\":\"ledevb\",\"dsn\":\"AC000W000340649\","
                  + "\"event_type\":\"datapoint\",\"property_name\":\"Blue_LED\",\"display_name\":\"Blue LED\",\"base_type\":\"boolean\"},"
                  + "\"datapoint\":{\"id\":\"3baa84c6-f259-4c03-b127-d03b97188d91\",\"created_at\":\"2026-11-28T19:54:53.459Z\","
                  + "\"updated_at\":\"2026-11-28T19:54:53.459Z\",\"echo\":false,\"closed\":false,\"value\":1,\"metadata\":{}}}"));
      run(holder, reader, json, 20_000, 0, "warm-up");
      run(holder, reader, json, events, 0, "throughput");
      run(holder, reader, json, 20_000, 2_000, "latency at 2,000 events/s");
    } finally {
      holder.close().await();
      reader.close().await();
    }
  }

  private static void run(
      Vertx holder, Vertx reader, Buffer json, int count, int perSecond, String phase)
      throws Exception {
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    CountDownLatch done = new CountDownLatch(count);
    var consumer =
        reader
            .eventBus()
            .<Buffer>consumer(
                ADDRESS,
                msg -> {
                  BusEvent.Decoded d = BusEvent.decode(msg.body());
                  latency.recordValue(Math.max(0, System.nanoTime() - d.subscriptionId()));
                  done.countDown();
                });
    consumer.completion().await();
    Thread.sleep(500); // let the registration reach the other member (no ack for that in the API)
    long cpuBefore = cpuNanos();
    long start = System.nanoTime();
    holder.runOnContext(v -> publish(holder, json, count, perSecond, 0, start));
    done.await(120, TimeUnit.SECONDS);
    long wall = System.nanoTime() - start;
    long cpu = cpuNanos() - cpuBefore;
    consumer.unregister().await();
    System.out.printf(
        "%-28s %,9d events  %,10.0f events/s  CPU %.2f µs/event (both ends)  latency p50 %.2f ms p99 %.2f ms max %.2f ms%n",
        phase,
        count - done.getCount(),
        (count - done.getCount()) / (wall / 1e9),
        cpu / 1e3 / count,
        latency.getValueAtPercentile(50) / 1e6,
        latency.getValueAtPercentile(99) / 1e6,
        latency.getMaxValue() / 1e6);
  }

  /** Publishes in slices of 1 ms worth (or 1,000 at full speed), carrying the send time as the subscription id. */
  private static void publish(
      Vertx vertx, Buffer json, int left, int perSecond, long seq, long start) {
    int slice = perSecond == 0 ? 1000 : Math.max(1, perSecond / 1000);
    int n = Math.min(slice, left);
    for (int i = 0; i < n; i++) {
      StreamEvent e =
          new StreamEvent(seq + i + 1, "datapoint", "ledevb", "AC000W000340649", "Blue_LED", json);
      vertx.eventBus().publish(ADDRESS, BusEvent.encode(System.nanoTime(), e));
    }
    if (left - n > 0) {
      if (perSecond == 0) {
        vertx.runOnContext(v -> publish(vertx, json, left - n, perSecond, seq + n, start));
      } else {
        vertx.setTimer(1, id -> publish(vertx, json, left - n, perSecond, seq + n, start));
      }
    }
  }

  private static Vertx clustered(String name, int port, String ports) throws Exception {
    ClusterConfig config =
        new ClusterConfig(
            true,
            name,
            "127.0.0.1",
            port,
            0,
            List.of(ports.split(",")).stream().map(p -> "127.0.0.1:" + p).toList(),
            null,
            5000);
    return Vertx.builder()
        .with(HazelcastSetup.withEventBus(new VertxOptions(), config))
        .withClusterManager(HazelcastSetup.clusterManager(config))
        .buildClustered()
        .await();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
