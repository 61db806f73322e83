package io.dssgateway.sim;

import static io.dssgateway.sim.SimFixture.FREEZER_DSN;
import static io.dssgateway.sim.SimFixture.LED_DSN;
import static io.dssgateway.sim.SimFixture.LINUX_DSN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The DSS WebSocket: refusals before the upgrade, one socket per key, replay, filtering, restart. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class StreamTest {

  private SimFixture sim;

  @AfterEach
  void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private String datapointKey(String token, String model, String dsn, String property) {
    return sim.subscribe(token, SimFixture.subscriptionBody("datapoint", model, dsn, property))
        .getString("stream_key");
  }

  private void report(String dsn, String property, Object... values) {
    sim.control(
        "/sim/datapoints",
        new JsonObject()
            .put("dsn", dsn)
            .put("property_name", property)
            .put("values", new JsonArray(List.of(values))));
  }

  private static List<String> seqs(DssSocket s, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(s.nextEvent().getString("seq"));
    }
    return out;
  }

  @Test
  void upgradeIsRefusedForMissingUnknownOrBadParameters(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String key = datapointKey(sim.signIn(), "ledevb", null, null);
    assertThat(sim.refusedStatus("")).isEqualTo(400);
    assertThat(sim.refusedStatus("stream_key=00000000000000000000000000000000")).isEqualTo(404);
    assertThat(sim.refusedStatus("stream_key=" + key + "&seq_start=abc")).isEqualTo(400);
    assertThat(sim.refusedStatus("stream_key=" + key + "&seq_start=-1")).isEqualTo(400);
    assertThat(sim.refusedStatus("stream_key=" + key + "&seq_end=x")).isEqualTo(400);
    assertThat(sim.refusedStatus("stream_key=" + key + "&seq_start=5&seq_end=4")).isEqualTo(400);
  }

  @Test
  void aSecondSocketForTheSameKeyIsRefusedWith409UntilTheFirstCloses(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String key = datapointKey(sim.signIn(), "ledevb", null, null);
    DssSocket first = sim.connect(key);
    assertThat(sim.refusedStatus("stream_key=" + key)).isEqualTo(409);
    assertThat(sim.stats().getInteger("open_sockets")).isEqualTo(1);
    first.close();
    first.awaitClose();
    DssSocket second = sim.connect(key);
    report(LED_DSN, "Blue_button", 1);
    assertThat(second.nextEvent().getString("seq")).isEqualTo("1");
  }

  @Test
  void socketsBeyondTheMaximumAreRefusedWith503(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.max-sockets", "2"));
    String token = sim.signIn();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add(datapointKey(token, "ledevb", null, null));
    }
    sim.connect(keys.get(0));
    sim.connect(keys.get(1));
    for (int i = 2; i < 5; i++) {
      assertThat(sim.refusedStatus("stream_key=" + keys.get(i))).isEqualTo(503);
    }
    assertThat(sim.stats().getInteger("open_sockets")).isEqualTo(2);
  }

  @Test
  void seqStartReplaysRetainedEventsThenContinuesLive(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String key = datapointKey(sim.signIn(), "ledevb", LED_DSN, null);
    report(LED_DSN, "Blue_button", 1, 0, 1, 0, 1);
    DssSocket s = sim.connect(key, "&seq_start=3");
    report(LED_DSN, "Blue_button", 0);
    assertThat(seqs(s, 4)).containsExactly("3", "4", "5", "6");
  }

  @Test
  void seqEndBoundsWhatTheSocketDelivers(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    String key = datapointKey(token, "ledevb", LED_DSN, "Blue_button");
    report(LED_DSN, "Blue_button", 1, 0, 1, 0, 1);
    DssSocket s = sim.connect(key, "&seq_start=2&seq_end=3");
    assertThat(seqs(s, 2)).containsExactly("2", "3");
    // a later event on another subscription proves nothing more came on this one before it
    DssSocket other = sim.connect(datapointKey(token, "ledevb", LED_DSN, "Blue_button"));
    report(LED_DSN, "Blue_button", 0);
    assertThat(other.nextEvent().getString("seq")).isEqualTo("1");
    assertThat(s.noEventQueued()).isTrue();
  }

  @Test
  void seqStartOlderThanTheRetainedLogStartsAtTheOldestRetained(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.retained-events", "3"));
    String key = datapointKey(sim.signIn(), "ledevb", LED_DSN, null);
    report(LED_DSN, "Blue_button", 1, 0, 1, 0, 1, 0);
    DssSocket s = sim.connect(key, "&seq_start=1");
    assertThat(seqs(s, 3)).containsExactly("4", "5", "6");
  }

  @Test
  void onlyEventsMatchingTypeModelDsnAndPropertyAreDelivered(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    DssSocket byProperty = sim.connect(datapointKey(token, "ledevb,linuxevb", "*", "Red_button"));
    DssSocket byDsn = sim.connect(datapointKey(token, "*", LINUX_DSN, null));
    DssSocket connectivity =
        sim.connect(
            sim.subscribe(
                    token, SimFixture.subscriptionBody("connectivity", "freezer-model", null, null))
                .getString("stream_key"));
    report(LED_DSN, "Blue_button", 1);
    report(FREEZER_DSN, "too_warm", true);
    sim.control(
        "/sim/devices/" + LED_DSN + "/connectivity", new JsonObject().put("status", "Offline"));
    report(LINUX_DSN, "Red_button", 1);
    sim.control(
        "/sim/devices/" + FREEZER_DSN + "/connectivity", new JsonObject().put("status", "Offline"));

    JsonObject first = byProperty.nextEvent();
    assertThat(first.getJsonObject("metadata").getString("dsn")).isEqualTo(LINUX_DSN);
    assertThat(first.getString("seq")).isEqualTo("1");
    JsonObject second = byDsn.nextEvent();
    assertThat(second.getJsonObject("metadata").getString("property_name")).isEqualTo("Red_button");
    JsonObject third = connectivity.nextEvent();
    assertThat(third.getJsonObject("metadata").getString("dsn")).isEqualTo(FREEZER_DSN);
  }

  @Test
  void deletingTheSubscriptionClosesItsSocket(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    JsonObject sub =
        sim.subscribe(token, SimFixture.subscriptionBody("datapoint", "ledevb", null, null));
    DssSocket s = sim.connect(sub.getString("stream_key"));
    assertThat(
            sim.call(
                    io.vertx.core.http.HttpMethod.DELETE,
                    "/api/v1/subscriptions/" + sub.getLong("id") + ".json",
                    token,
                    null)
                .statusCode())
        .isEqualTo(200);
    assertThat(s.awaitClose()).isEqualTo(CloseCodes.SUBSCRIPTION_DELETED);
    assertThat(sim.refusedStatus("stream_key=" + sub.getString("stream_key"))).isEqualTo(404);
  }

  @Test
  void droppedSocketsReconnectAndResumeWithSeqStart(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String key = datapointKey(sim.signIn(), "ledevb", LED_DSN, null);
    DssSocket s = sim.connect(key);
    report(LED_DSN, "Blue_button", 1, 0);
    assertThat(seqs(s, 2)).containsExactly("1", "2");
    assertThat(sim.control("/sim/sockets/drop", null).getInteger("dropped")).isEqualTo(1);
    assertThat(s.awaitClose()).isEqualTo(CloseCodes.SERVICE_RESTART);
    report(LED_DSN, "Blue_button", 1);
    DssSocket again = sim.connect(key, "&seq_start=3");
    assertThat(again.nextEvent().getString("seq")).isEqualTo("3");
  }

  @Test
  void aRestartedSimulatorKeepsItsStateAndPortAndContinuesTheSeq(Vertx vertx) {
    sim = SimFixture.start(vertx);
    String token = sim.signIn();
    String key = datapointKey(token, "ledevb", LED_DSN, null);
    DssSocket s = sim.connect(key);
    report(LED_DSN, "Blue_button", 1, 0);
    int port = sim.port;
    sim.simulator.stop().await();
    assertThat(s.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
    assertThat(sim.simulator.start().await()).isEqualTo(port);
    assertThat(sim.get("/api/v1/subscriptions.json", token).statusCode()).isEqualTo(200);
    DssSocket again = sim.connect(key, "&seq_start=2");
    report(LED_DSN, "Blue_button", 1);
    assertThat(seqs(again, 2)).containsExactly("2", "3");
  }
}
