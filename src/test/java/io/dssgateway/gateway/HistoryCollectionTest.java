package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.DEMO;
import static io.dssgateway.gateway.TestGateway.DEMO_PASSWORD;
import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.ops.Application;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collected stream stores every event exactly once, in seq order, in the database (H2 and a real
 * PostgreSQL) and the JSON-lines files: through upstream socket drops, a gateway restart with events
 * published while it is down, and PostgreSQL stopped mid-stream (the stream pauses at its lag bound
 * and reads its upstream again from the last stored seq).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HistoryCollectionTest {

  private static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;
  private static final String QUERY = "subscription_type=datapoint&dsn=" + LED_DSN;
  private static final int CHUNKS = 10;
  private static final int CHUNK = 450;
  private static final int WHILE_DOWN = 500;
  private static final int TOTAL = CHUNKS * CHUNK + WHILE_DOWN;

  @Test
  void h2AndFilesHoldEachEventOnceThroughDropsAndARestart(Vertx vertx, @TempDir Path dir) {
    dropsAndRestart(vertx, dir, Map.of("history.database-url", dir.resolve("history").toString()));
  }

  @Test
  void postgresAndFilesHoldEachEventOnceThroughDropsAndARestart(Vertx vertx, @TempDir Path dir) {
    TestPostgres pg = TestPostgres.create(vertx);
    try {
      dropsAndRestart(vertx, dir, Map.of("history.database-url", pg.url(), "history.database-password", pg.password()));
    } finally {
      pg.drop();
    }
  }

  @Test
  void postgresStoppedMidStreamLosesNothingAndStoresNothingTwice(Vertx vertx, @TempDir Path dir) {
    TestPostgres pg = TestPostgres.create(vertx);
    Application simulator = TestGateway.startSimulator(vertx);
    Map<String, String> settings = settings(dir, Map.of("history.database-url", pg.url(), "history.database-password", pg.password(),
        "history.max-lag-bytes", "300000", "history.retry-ms", "200"));
    TestGateway gw = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
    boolean stopped = false;
    try {
      String token = gw.loginDemo();
      HistoryFixture.awaitCollecting(gw, token);
      gw.publish(LED_DSN, "Blue_button", range(0, 1000));
      HistoryFixture.pollUntil("first 1000 stored", Duration.ofSeconds(30), () -> HistoryFixture.readAll(gw, token, QUERY),
          events -> events.size() == 1000);

      TestPostgres.cluster("stop");
      stopped = true;
      long stoppedAt = System.nanoTime();
      gw.publish(LED_DSN, "Blue_button", range(1000, 3000)); // past the lag bound: the stream pauses
      HistoryFixture.pollUntil("the collected stream paused", Duration.ofSeconds(30),
          () -> HistoryFixture.metric(gw, "dss_history_paused_total"), n -> n >= 1);
      // the outage lasts 10 s in all (its length is the point, not a synchronization)
      long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - stoppedAt);
      if (left > 0) {
        vertx.timer(left, TimeUnit.NANOSECONDS).await();
      }
      TestPostgres.cluster("start");
      stopped = false;
      gw.publish(LED_DSN, "Blue_button", range(3000, 4000));

      List<JsonObject> stored = HistoryFixture.pollUntil("all 4000 stored", Duration.ofSeconds(90),
          () -> HistoryFixture.readAll(gw, token, QUERY), events -> events.size() >= 4000);
      assertThat(HistoryFixture.seqs(stored)).containsExactlyElementsOf(LongStream.rangeClosed(1, 4000).boxed().toList());
      assertThat(HistoryFixture.values(stored)).containsExactlyElementsOf(range(0, 4000));
      assertThat(HistoryFixture.metric(gw, "dss_history_sink_errors_total")).isPositive();
      List<JsonObject> files = HistoryFixture.fileEvents(dir.resolve("jsonl"), "datapoint");
      assertThat(HistoryFixture.seqs(files)).containsExactlyElementsOf(LongStream.rangeClosed(1, 4000).boxed().toList());
    } finally {
      if (stopped) {
        TestPostgres.cluster("start");
      }
      gw.stop();
      simulator.shutdown().await();
      pg.drop();
    }
  }

  /**
   * Events collected but not stored when the gateway stops (PostgreSQL down: the shutdown gives up
   * waiting) are read again after the restart: the stream resumes after the last STORED seq, further
   * back than the holder's checkpoint and its small replay backfill.
   */
  @Test
  void aRestartWhileThePostgresIsDownResumesFromTheLastStoredSeq(Vertx vertx, @TempDir Path dir) {
    TestPostgres pg = TestPostgres.create(vertx);
    Application simulator = TestGateway.startSimulator(vertx);
    Map<String, String> settings = settings(dir, Map.of("history.database-url", pg.url(), "history.database-password", pg.password(),
        "history.retry-ms", "200", "hub.replay-events", "10"));
    TestGateway gw = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
    TestGateway before = gw;
    boolean stopped = false;
    try {
      String token = gw.loginDemo();
      HistoryFixture.awaitCollecting(gw, token);
      gw.publish(LED_DSN, "Blue_button", range(0, 300));
      HistoryFixture.pollUntil("first 300 stored", Duration.ofSeconds(30), () -> HistoryFixture.readAll(before, token, QUERY),
          events -> events.size() == 300);

      TestPostgres.cluster("stop");
      stopped = true;
      gw.publish(LED_DSN, "Blue_button", range(300, 800)); // collected, queued, never stored before the shutdown
      TestGateway.eventually("the gateway received them", Duration.ofSeconds(20),
          () -> before.streams(token).getJsonObject(0).getLong("last_seq") == 800);
      gw.shutdownGateway();
      TestPostgres.cluster("start");
      stopped = false;
      gw.publish(LED_DSN, "Blue_button", range(800, 1000)); // and some while the gateway is down

      gw = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
      TestGateway after = gw;
      String again = gw.loginDemo();
      List<JsonObject> stored = HistoryFixture.pollUntil("all 1000 stored", Duration.ofSeconds(60),
          () -> HistoryFixture.readAll(after, again, QUERY), events -> events.size() >= 1000);
      assertThat(HistoryFixture.seqs(stored)).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
      assertThat(HistoryFixture.values(stored)).containsExactlyElementsOf(range(0, 1000));
      List<JsonObject> files = HistoryFixture.fileEvents(dir.resolve("jsonl"), "datapoint");
      assertThat(HistoryFixture.seqs(files)).containsExactlyElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
    } finally {
      if (stopped) {
        TestPostgres.cluster("start");
      }
      gw.stop();
      before.stop();
      simulator.shutdown().await();
      pg.drop();
    }
  }

  private void dropsAndRestart(Vertx vertx, Path dir, Map<String, String> database) {
    Application simulator = TestGateway.startSimulator(vertx);
    Map<String, String> settings = settings(dir, database);
    TestGateway gw = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
    TestGateway before = null;
    try {
      String token = gw.loginDemo();
      HistoryFixture.awaitCollecting(gw, token);
      for (int i = 0; i < CHUNKS; i++) {
        Future<JsonObject> published = gw.publishAsync(LED_DSN, "Blue_button", range(i * CHUNK, (i + 1) * CHUNK));
        gw.dropUpstreamSockets(); // while the chunk streams: the upstream resumes with seq_start
        published.await();
        if (i == CHUNKS / 2 - 1) {
          gw.shutdownGateway(); // a restart, with events published while the gateway is down
          gw.publish(LED_DSN, "Blue_button", range(CHUNKS * CHUNK, TOTAL));
          before = gw;
          gw = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
          token = gw.loginDemo();
          HistoryFixture.awaitCollecting(gw, token);
        }
      }
      TestGateway after = gw;
      String reader = token;
      List<JsonObject> stored = HistoryFixture.pollUntil("all " + TOTAL + " stored", Duration.ofSeconds(60),
          () -> HistoryFixture.readAll(after, reader, QUERY), events -> events.size() >= TOTAL);
      List<Long> expectedSeqs = LongStream.rangeClosed(1, TOTAL).boxed().toList();
      List<Integer> half = range(0, CHUNKS / 2 * CHUNK);
      List<Object> expectedValues = new java.util.ArrayList<>(half);
      expectedValues.addAll(range(CHUNKS * CHUNK, TOTAL)); // published while down: they come next in seq order
      expectedValues.addAll(range(CHUNKS / 2 * CHUNK, CHUNKS * CHUNK));
      assertThat(HistoryFixture.seqs(stored)).containsExactlyElementsOf(expectedSeqs);
      assertThat(HistoryFixture.values(stored)).containsExactlyElementsOf(expectedValues);

      List<JsonObject> files = HistoryFixture.fileEvents(dir.resolve("jsonl"), "datapoint");
      assertThat(HistoryFixture.seqs(files)).as("files: each event once, in seq order").containsExactlyElementsOf(expectedSeqs);
      assertThat(files).containsExactlyElementsOf(stored); // the same JSON as the database
      assertThat(HistoryFixture.fileCount(dir.resolve("jsonl"))).as("rotated by size").isGreaterThan(1);
    } finally {
      gw.stop();
      if (before != null) {
        before.stop();
      }
      simulator.shutdown().await();
    }
  }

  private static Map<String, String> settings(Path dir, Map<String, String> database) {
    Map<String, String> settings = new HashMap<>(database);
    settings.put("hub.store-path", dir.resolve("gateway").toString());
    settings.put("history.streams", LED);
    settings.put("history.jsonl-dir", dir.resolve("jsonl").toString());
    settings.put("history.jsonl-max-bytes", "400000");
    settings.put("history.account.email", DEMO);
    settings.put("history.account.password", DEMO_PASSWORD);
    return settings;
  }
}
