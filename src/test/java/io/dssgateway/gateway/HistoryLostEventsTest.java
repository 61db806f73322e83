package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.DEMO;
import static io.dssgateway.gateway.TestGateway.DEMO_PASSWORD;
import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.dssgateway.ops.Application;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
 * The history writer falls behind, the gateway is killed (SIGKILL, a real process), and by the
 * time it is back Ayla no longer retains what was not stored: the resume from the last stored seq
 * finds the upstream skipping seqs. History must not claim them: the hole is recorded (before the
 * progress passes it), {@code /api/history} answers it, a browser resuming into it is told it with
 * its reason, and {@code dss_history_lost_events_total} counts it.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HistoryLostEventsTest {

  private static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;
  private static final int STORED = 200; // stored before the writer falls behind
  private static final int BEHIND =
      1500; // received, never stored: the writer is stuck when the gateway is killed
  private static final int RETAINED =
      500; // the simulator's seq_start replay window (sim.retained-events)
  private static final long LAST = STORED + BEHIND;
  private static final long HOLE_FROM = STORED + 1;
  private static final long HOLE_TO = LAST - RETAINED;

  @Test
  void aHoleTheUpstreamCanNoLongerFillIsRecordedAnsweredAndCounted(Vertx vertx, @TempDir Path dir)
      throws Exception {
    Application simulator =
        TestGateway.startSimulator(vertx, Map.of("sim.retained-events", String.valueOf(RETAINED)));
    int simPort = simulator.simulatorPort();
    Path jsonl = dir.resolve("jsonl");
    Map<String, String> settings =
        TestGateway.gatewaySettings(
            simPort,
            Map.of(
                "hub.store-path",
                dir.resolve("gateway").toString(),
                "hub.linger-ms",
                "30000", // as shipped: longer than the start's warm-up, before which collected
                // streams are not held yet
                "history.streams",
                LED,
                "history.database-url",
                dir.resolve("history").toString(),
                "history.jsonl-dir",
                jsonl.toString(),
                "history.retry-ms",
                "100",
                "history.account.email",
                DEMO,
                "history.account.password",
                DEMO_PASSWORD));
    List<GatewayJvm> processes = new ArrayList<>();
    try {
      // 1. a gateway stores the first events, and stops cleanly
      GatewayJvm first = start(processes, settings);
      TestGateway gw = TestGateway.external(vertx, first.port(), simPort);
      String token = gw.loginDemo();
      HistoryFixture.awaitCollecting(gw, token);
      gw.publish(LED_DSN, "Blue_button", range(0, STORED));
      Eventually.read(
          "first " + STORED + " stored",
          Duration.ofSeconds(30),
          () -> HistoryFixture.readAll(gw, token, LED),
          events -> events.size() == STORED);
      first.terminate();
      gw.stop();

      // 2. the next one cannot store (its JSON-lines directory is a file: every batch fails before
      // the
      //    database), takes BEHIND more events into its queue, and is killed with all of them
      // unstored
      Files.createFile(dir.resolve("blocked"));
      Map<String, String> stuck = new HashMap<>(settings);
      stuck.put("history.jsonl-dir", dir.resolve("blocked").resolve("jsonl").toString());
      GatewayJvm second = start(processes, stuck);
      TestGateway gw2 = TestGateway.external(vertx, second.port(), simPort);
      String token2 = gw2.loginDemo();
      HistoryFixture.awaitCollecting(gw2, token2);
      gw2.publish(LED_DSN, "Blue_button", range(STORED, (int) LAST));
      Eventually.read(
          "the writer " + BEHIND + " events behind",
          Duration.ofSeconds(30),
          () -> HistoryFixture.metric(gw2, "dss_history_lag_events"),
          lag -> lag == BEHIND);
      List<String> fileErrors =
          gw2.get("/metrics", null)
              .bodyAsString()
              .lines()
              .filter(
                  l ->
                      l.startsWith("dss_history_sink_errors_total{")
                          && l.contains("sink=\"files\""))
              .toList();
      assertThat(fileErrors)
          .as("the files failed, so the database was never written")
          .hasSize(1)
          .noneMatch(l -> l.endsWith(" 0.0"));
      second.kill();
      gw2.stop();
      assertThat(progress(dir)).as("the killed gateway's progress").isEqualTo(STORED);

      // 3. the restarted gateway resumes after seq STORED; the simulator keeps only the last
      // RETAINED
      GatewayJvm third = start(processes, settings);
      TestGateway gw3 = TestGateway.external(vertx, third.port(), simPort);
      String token3 = gw3.loginDemo();
      HistoryFixture.awaitCollecting(gw3, token3);
      List<JsonObject> stored =
          Eventually.read(
              "everything Ayla still had stored",
              Duration.ofSeconds(60),
              () -> HistoryFixture.readAll(gw3, token3, LED),
              events -> events.size() >= STORED + RETAINED);
      List<Long> expectedSeqs = new ArrayList<>(LongStream.rangeClosed(1, STORED).boxed().toList());
      expectedSeqs.addAll(LongStream.rangeClosed(HOLE_TO + 1, LAST).boxed().toList());
      assertThat(HistoryFixture.seqs(stored)).containsExactlyElementsOf(expectedSeqs);
      // (from after the holder's checkpoint or from before, depending on when it was killed: either
      // way up to HOLE_TO)
      Eventually.read(
          "the upstream skipped them",
          Duration.ofSeconds(10),
          () -> third.logLines("upstream skipped seq "),
          lines -> lines.stream().anyMatch(l -> l.endsWith(".." + HOLE_TO)));

      // /api/history answers the hole, for queries its events could have matched
      JsonObject hole =
          new JsonObject()
              .put("subscription_type", "datapoint")
              .put("from_seq", HOLE_FROM)
              .put("to_seq", HOLE_TO)
              .put("reason", "upstream_skipped");
      assertThat(gaps(gw3, token3, LED)).containsExactly(hole);
      assertThat(gaps(gw3, token3, "dsn=*&property_name=Blue_button")).containsExactly(hole);
      assertThat(gaps(gw3, token3, "subscription_type=connectivity")).isEmpty();
      assertThat(HistoryFixture.metric(gw3, "dss_history_lost_events_total"))
          .isEqualTo(HOLE_TO - HOLE_FROM + 1);

      // a browser resuming from before the hole: history up to it, the hole with its reason, then
      // the rest
      long subscription = gw3.streams(token3).getJsonObject(0).getLong("subscription_id");
      SseClient before = gw3.openStream(LED, token3, subscription + ":" + (STORED - 5));
      before.await(c -> c.countOf("datapoint") >= 5 + RETAINED, Duration.ofSeconds(30));
      List<SseClient.Event> seen = before.events();
      assertThat(seen.subList(0, 7))
          .extracting(SseClient.Event::type)
          .containsExactly(
              "datapoint", "datapoint", "datapoint", "datapoint", "datapoint", "gap", "datapoint");
      assertThat(new JsonObject(seen.get(5).data())).isEqualTo(hole);
      assertThat(seen.get(5).id()).isEqualTo(subscription + ":" + HOLE_TO);
      assertThat(seen.get(6).id()).isEqualTo(subscription + ":" + (HOLE_TO + 1));
      assertThat(before.events("datapoint")).hasSize(5 + RETAINED);
      before.close().await();

      // a browser whose cursor lies inside the hole: told what it misses from there
      SseClient inside = gw3.openStream(LED, token3, subscription + ":" + (HOLE_FROM + 10));
      inside.await(c -> c.countOf("datapoint") >= RETAINED, Duration.ofSeconds(30));
      assertThat(inside.events("gap")).hasSize(1);
      assertThat(new JsonObject(inside.events("gap").get(0).data()))
          .isEqualTo(hole.copy().put("from_seq", HOLE_FROM + 11));
      inside.close().await();

      third.terminate();
      gw3.stop();
      // what the database claims it has, it has: every seq up to the progress is stored or recorded
      // as lost
      assertThat(progress(dir)).isEqualTo(LAST);
      assertThat(recordedGaps(dir)).containsExactly(List.of(HOLE_FROM, HOLE_TO));
    } finally {
      for (GatewayJvm p : processes) {
        p.close();
      }
      simulator.shutdown().await();
    }
  }

  private static GatewayJvm start(List<GatewayJvm> processes, Map<String, String> settings)
      throws Exception {
    GatewayJvm p = GatewayJvm.start(settings);
    processes.add(p);
    return p;
  }

  private static List<JsonObject> gaps(TestGateway gw, String token, String query) {
    HttpResponse<Buffer> r = gw.get("/api/history?" + query + "&limit=1000", token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonArray gaps = r.bodyAsJsonObject().getJsonArray("gaps");
    assertThat(gaps).as("the answer has a gaps field").isNotNull();
    return gaps.stream().map(JsonObject.class::cast).toList();
  }

  /** The history database file, read directly while no gateway has it open. */
  private static Connection database(Path dir) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + dir.resolve("history").toAbsolutePath(), "sa", "");
  }

  private static long progress(Path dir) throws SQLException {
    try (Connection c = database(dir);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_seq FROM dss_history_progress")) {
      assertThat(rs.next()).as("a progress row").isTrue();
      return rs.getLong(1);
    }
  }

  private static List<List<Long>> recordedGaps(Path dir) throws SQLException {
    List<List<Long>> out = new ArrayList<>();
    try (Connection c = database(dir);
        Statement s = c.createStatement()) {
      ResultSet rs =
          s.executeQuery("SELECT from_seq, to_seq FROM dss_history_gaps ORDER BY from_seq");
      while (rs.next()) {
        out.add(List.of(rs.getLong(1), rs.getLong(2)));
      }
    }
    return out;
  }
}
