package io.dssgateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The heartbeat cycle ({@code 1|Z} out, {@code Z} back, close 4000 after 2 misses) and client frames. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HeartbeatTest {

  private SimFixture sim;
  private String key;

  @BeforeEach
  void start(Vertx vertx) {
    sim = SimFixture.start(vertx, Map.of("sim.heartbeat-interval-ms", "100"));
    key =
        sim.subscribe(
                sim.signIn(), SimFixture.subscriptionBody("connectivity", "ledevb", null, null))
            .getString("stream_key");
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void aClientAnsweringZStaysConnectedAcrossManyHeartbeats() {
    DssSocket s = sim.connect(key);
    for (int i = 0; i < 5; i++) {
      assertThat(s.nextRaw()).isEqualTo("1|Z");
    }
    assertThat(s.closed).isNotDone();
    assertThat(sim.stats().getLong("z_received")).isGreaterThanOrEqualTo(4);
  }

  @Test
  void aClientThatStopsAnsweringIsClosedAfterTwoUnansweredHeartbeats() {
    DssSocket s = sim.connect(key);
    s.answerHeartbeats = false;
    assertThat(s.nextRaw()).isEqualTo("1|Z");
    assertThat(s.nextRaw()).isEqualTo("1|Z");
    assertThat(s.awaitClose()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
    assertThat(s.noEventQueued()).isTrue();
    assertThat(sim.stats().getLong("sockets_closed_missed_heartbeats")).isEqualTo(1);
    assertThat(sim.stats().getInteger("open_sockets")).isZero();
  }

  @Test
  void ignoredRepliesDisconnectEvenAWellBehavedClient() {
    sim.control("/sim/heartbeats", new JsonObject().put("count_replies", false));
    DssSocket s = sim.connect(key);
    assertThat(s.awaitClose()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
  }

  @Test
  void notRequiringRepliesKeepsASilentClientConnected() {
    sim.control("/sim/heartbeats", new JsonObject().put("require_reply", false));
    DssSocket s = sim.connect(key);
    s.answerHeartbeats = false;
    for (int i = 0; i < 4; i++) {
      assertThat(s.nextRaw()).isEqualTo("1|Z");
    }
    assertThat(s.closed).isNotDone();
  }

  @Test
  void stoppedHeartbeatsSendNothingUntilResumed() {
    JsonObject policy = sim.control("/sim/heartbeats", new JsonObject().put("send", false));
    assertThat(policy.getBoolean("send")).isFalse();
    DssSocket s = sim.connect(key);
    long before = sim.stats().getLong("heartbeats_sent");
    sim.control(
        "/sim/devices/" + SimFixture.LED_DSN + "/connectivity",
        new JsonObject().put("status", "Online"));
    assertThat(s.nextRaw()).contains("\"connection\"");
    assertThat(sim.stats().getLong("heartbeats_sent")).isEqualTo(before);
    sim.control("/sim/heartbeats", new JsonObject().put("send", true));
    assertThat(s.nextRaw()).isEqualTo("1|Z");
  }

  @Test
  void aClientFrameOtherThanZIsClosedWithPolicyViolation() {
    DssSocket s = sim.connect(key);
    s.ws.writeTextMessage("hello");
    assertThat(s.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    DssSocket binary = sim.connect(key);
    binary.ws.writeBinaryMessage(Buffer.buffer("Z"));
    assertThat(binary.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(sim.stats().getLong("client_frames_rejected")).isEqualTo(2);
  }

  @Test
  void anOversizedClientFrameIsClosedWithMessageTooBig() {
    DssSocket s = sim.connect(key);
    s.ws.writeTextMessage("Z".repeat(10_000));
    assertThat(s.awaitClose()).isIn((short) 1009, CloseCodes.POLICY_VIOLATION);
  }
}
