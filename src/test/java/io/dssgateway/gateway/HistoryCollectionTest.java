package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.DEMO;
import static io.dssgateway.gateway.TestGateway.DEMO_PASSWORD;
import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
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
      dropsAndRestart(
          vertx,
          dir,
          Map.of("history.database-url", pg.url(), "history.database-password", pg.password()));
    } finally {
      pg.drop();
    }
  }

  @Test
  void postgresStoppedMidStreamLosesNothingAndStoresNothingTwice(Vertx vertx, @TempDir Path dir) {
    OnPostgres run =
        OnPostgres.start(
            vertx, dir, Map.of("history.max-lag-bytes", "300000", "history.retry-ms", "200"), 1000);
    TestGateway gw = run.gw;
    try {
      run.stopPostgres();
      long stoppedAt = System.nanoTime();
      gw.publish(
          LED_DSN, "Blue_button", range(1000, 3000)); // past the lag bound: the stream pauses
      Eventually.read(
          "the collected stream paused",
          Duration.ofSeconds(30),
          () -> HistoryFixture.metric(gw, "dss_history_paused_total"),
          n -> n >= 1);
      // the outage lasts 10 s in all (its length is the point, not a synchronization)
      long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - stoppedAt);
      if (left > 0) {
        vertx.timer(left, TimeUnit.NANOSECONDS).await();
      }
      run.startPostgres();
      gw.publish(LED_DSN, "Blue_button", range(3000, 4000));

      assertEachStoredOnce(gw, run.token, dir, range(0, 4000));
      assertThat(HistoryFixture.metric(gw, "dss_history_sink_errors_total")).isPositive();
    } finally {
      run.close();
    }
  }

  /**
   * Events collected but not stored when the gateway stops (PostgreSQL down: the shutdown gives up
   * waiting) are read again after the restart: the stream resumes after the last STORED seq, further
   * back than the holder's checkpoint and its small replay backfill.
   */
  @Test
  void aRestartWhileThePostgresIsDownResumesFromTheLastStoredSeq(Vertx vertx, @TempDir Path dir) {
    OnPostgres run =
        OnPostgres.start(
            vertx, dir, Map.of("history.retry-ms", "200", "hub.replay-events", "10"), 300);
    TestGateway before = run.gw;
    try {
      run.stopPostgres();
      before.publish(
          LED_DSN,
          "Blue_button",
          range(300, 800)); // collected, queued, never stored before the shutdown
      Eventually.until(
          "the gateway received them",
          Duration.ofSeconds(20),
          () -> before.streams(run.token).getJsonObject(0).getLong("last_seq") == 800);
      before.shutdownGateway();
      run.startPostgres();
      before.publish(
          LED_DSN, "Blue_button", range(800, 1000)); // and some while the gateway is down

      run.gw = TestGateway.gatewayFor(vertx, run.simulator.simulatorPort(), run.settings);
      assertEachStoredOnce(run.gw, run.gw.loginDemo(), dir, range(0, 1000));
    } finally {
      before.stop();
      run.close();
    }
  }

  /** A gateway collecting into a fresh PostgreSQL database, with {@code first} events stored; close() undoes it all. */
  private static final class OnPostgres {
    final TestPostgres pg;
    final Application simulator;
    final Map<String, String> settings;
    TestGateway gw;
    final String token;
    private boolean stopped;

    private OnPostgres(
        Vertx vertx, TestPostgres pg, Application simulator, Map<String, String> settings) {
      this.pg = pg;
      this.simulator = simulator;
      this.settings = settings;
      this.gw = TestGateway.gatewayFor(vertx, simulator.simulatorPort(), settings);
      this.token = gw.loginDemo();
    }

    static OnPostgres start(Vertx vertx, Path dir, Map<String, String> extra, int first) {
      TestPostgres pg = TestPostgres.create(vertx);
      Map<String, String> database = new HashMap<>(extra);
      database.put("history.database-url", pg.url());
      database.put("history.database-password", pg.password());
      OnPostgres run =
          new OnPostgres(vertx, pg, TestGateway.startSimulator(vertx), settings(dir, database));
      HistoryFixture.awaitCollecting(run.gw, run.token);
      run.gw.publish(LED_DSN, "Blue_button", range(0, first));
      Eventually.read(
          "first " + first + " stored",
          Duration.ofSeconds(30),
          () -> HistoryFixture.readAll(run.gw, run.token, QUERY),
          events -> events.size() == first);
      return run;
    }

    void stopPostgres() {
      TestPostgres.cluster("stop");
      stopped = true;
    }

    void startPostgres() {
      TestPostgres.cluster("start");
      stopped = false;
    }

    void close() {
      try {
        if (stopped) {
          startPostgres();
        }
        gw.stop();
        simulator.shutdown().await();
      } finally {
        pg.drop();
      }
    }
  }

  /** The database and the files hold each of these events once, in seq order (seqs 1..n). */
  private static void assertEachStoredOnce(TestGateway gw, String token, Path dir, List<?> values) {
    List<JsonObject> stored =
        Eventually.read(
            "all " + values.size() + " stored",
            Duration.ofSeconds(90),
            () -> HistoryFixture.readAll(gw, token, QUERY),
            events -> events.size() >= values.size());
    List<Long> seqs = LongStream.rangeClosed(1, values.size()).boxed().toList();
    assertThat(HistoryFixture.seqs(stored)).containsExactlyElementsOf(seqs);
    assertThat(HistoryFixture.values(stored)).containsExactlyElementsOf(values);
    List<JsonObject> files = HistoryFixture.fileEvents(dir.resolve("jsonl"), "datapoint");
    assertThat(HistoryFixture.seqs(files))
        .as("files: each event once, in seq order")
        .containsExactlyElementsOf(seqs);
    assertThat(files).containsExactlyElementsOf(stored); // the same JSON as the database
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
        Future<JsonObject> published =
            gw.publishAsync(LED_DSN, "Blue_button", range(i * CHUNK, (i + 1) * CHUNK));
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
      List<Object> expectedValues = new java.util.ArrayList<>(range(0, CHUNKS / 2 * CHUNK));
      expectedValues.addAll(
          range(CHUNKS * CHUNK, TOTAL)); // published while down: they come next in seq order
      expectedValues.addAll(range(CHUNKS / 2 * CHUNK, CHUNKS * CHUNK));
      assertEachStoredOnce(gw, token, dir, expectedValues);
      assertThat(HistoryFixture.fileCount(dir.resolve("jsonl")))
          .as("rotated by size")
          .isGreaterThan(1);
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
