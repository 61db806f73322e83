package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Latency from the simulator accepting an event to the stream's sink seeing it. Each value posted
 * to {@code /sim/datapoints} is {@code System.nanoTime()} taken just before the post (simulator and
 * consumer share the JVM, so the clocks agree); posts carry 10 values and 8 run at a time, so the
 * numbers include the simulator's publishing of a small batch. Measures, asserts nothing about speed.
 * Run: {@code mvn -B test -Pbench -Dtest=UpstreamLatencyBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UpstreamLatencyBenchmark {

  private static final int WARMUP = 2_000;
  private static final int EVENTS = 20_000;
  private static final int PER_POST = 10;
  private static final int IN_FLIGHT = 8;

  private final List<Buffer> received = new ArrayList<>();
  private final List<Long> receivedAt = new ArrayList<>();

  @Test
  void measuresSimulatorToConsumerLatency(Vertx vertx) {
    SimHarness sim = new SimHarness(vertx, 30_000).start().await();
    Subscription sub = sim.session.create(SimHarness.SPEC).await();
    StreamProbe probe = new StreamProbe();
    UpstreamStream stream =
        new UpstreamStream(
            vertx,
            StreamConfig.from(io.dssgateway.ops.GatewaySettings.config(java.util.Map.of())),
            UpstreamStream.newWebSocketClient(vertx),
            sim.endpoints().dssWsUrl(),
            sub,
            0,
            event -> {
              receivedAt.add(System.nanoTime());
              received.add(event.json());
              probe.handle(event);
            },
            null);
    stream.start().await();

    int total = WARMUP + EVENTS;
    for (int sent = 0; sent < total; sent += PER_POST * IN_FLIGHT) {
      List<Future<JsonObject>> posts = new ArrayList<>();
      for (int i = 0; i < IN_FLIGHT; i++) {
        JsonArray values = new JsonArray();
        long now = System.nanoTime();
        for (int v = 0; v < PER_POST; v++) {
          values.add(now);
        }
        posts.add(sim.publish(values));
      }
      Future.all(posts).await();
    }
    probe.untilEvents(total).await();
    stream.stop().await();
    sim.simulator.stop().await();

    long[] micros = new long[EVENTS];
    for (int i = WARMUP; i < total; i++) {
      long sentAt = new JsonObject(received.get(i)).getJsonObject("datapoint").getLong("value");
      micros[i - WARMUP] = (receivedAt.get(i) - sentAt) / 1_000;
    }
    Arrays.sort(micros);
    long median = micros[EVENTS / 2];
    long p99 = micros[(int) (EVENTS * 0.99)];
    System.out.printf(
        "UpstreamLatencyBenchmark: %d events, simulator accept -> consumer: median %.2f ms, p99 %.2f ms, max %.2f ms%n",
        EVENTS, median / 1000.0, p99 / 1000.0, micros[EVENTS - 1] / 1000.0);
    probe.assertExactlyOneTo(total);
    assertThat(median).isPositive();
  }
}
