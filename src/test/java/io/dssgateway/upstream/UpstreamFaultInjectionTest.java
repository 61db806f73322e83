package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The upstream stream's promise, end to end: against the real simulator, 12,000 events through six
 * forced disconnects of four kinds (socket dropped mid-burst twice, heartbeats stopped, Z ignored,
 * simulator restarted) plus garbage frames and expired tokens; the consumer gets exactly 1..N.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UpstreamFaultInjectionTest {

  private static final long HEARTBEAT_MS = 150;
  private static final StreamConfig CONFIG = new StreamConfig(HEARTBEAT_MS, 20, 300, 2000);
  private static final int BURST = 1000;

  private Vertx vertx;
  private SimHarness sim;
  private UpstreamStream stream;
  private final StreamProbe probe = new StreamProbe();
  private long published;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    sim = new SimHarness(vertx, HEARTBEAT_MS).start().await();
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.stop().await();
    }
    sim.simulator.stop().await();
  }

  private Future<JsonObject> burst() {
    Future<JsonObject> f = sim.publishRange(published, BURST);
    published += BURST;
    return f;
  }

  /** Publishes a burst, injects a fault while it is under way, and waits for the stream to be back. */
  private void disconnectDuring(Future<?> fault) {
    long livesBefore = probe.liveCount();
    Future.all(burst(), fault).await();
    probe.untilLiveTimes(livesBefore + 1).await();
  }

  @Test
  void everyEventArrivesExactlyOnceInOrderThroughDisconnectsOfEveryKind() {
    Subscription sub = sim.session.create(SimHarness.SPEC).await();
    stream =
        new UpstreamStream(
                vertx,
                CONFIG,
                UpstreamStream.newWebSocketClient(vertx),
                sim.endpoints().dssWsUrl(),
                sub,
                0,
                probe,
                () -> sim.session.create(SimHarness.SPEC))
            .listener(probe);
    stream.start().await();
    burst().await();

    // 1, 2: the socket dropped mid-burst
    disconnectDuring(sim.control("/sim/sockets/drop", null));
    disconnectDuring(sim.control("/sim/sockets/drop", null));

    // garbage frames interleaved with events: counted, never a disconnect
    Future.all(burst(), sim.control("/sim/sockets/garbage", new JsonObject().put("frames", 25)))
        .await();

    // 3: heartbeats stopped; the watchdog notices the silence after the burst
    long lives = probe.liveCount();
    sim.heartbeats(false, true, true).await();
    burst().await();
    probe.untilLiveTimes(lives + 1).await();
    sim.heartbeats(true, true, true).await();

    // 4: Z ignored; the simulator closes the socket after two unanswered heartbeats
    lives = probe.liveCount();
    sim.heartbeats(true, true, false).await();
    burst().await();
    probe.untilLiveTimes(lives + 1).await();
    sim.heartbeats(true, true, true).await();

    // 5: the simulator restarted (same port, cloud state kept), with events before and after
    lives = probe.liveCount();
    burst().await();
    sim.simulator.stop().await();
    assertThat(sim.simulator.start().await()).isEqualTo(sim.port);
    burst().await();
    probe.untilLiveTimes(lives + 1).await();

    // tokens expired: the session refreshes and retries; the stream (keyed by its stream key)
    // carries on
    String before = sim.session.tokens().accessToken();
    sim.control("/sim/tokens/expire", null).await();
    assertThat(sim.session.get(sub.id()).await().id()).isEqualTo(sub.id());
    assertThat(sim.session.tokens().accessToken()).isNotEqualTo(before);
    burst().await();

    // 6: one more drop mid-burst, then the tail
    disconnectDuring(sim.control("/sim/sockets/drop", null));
    burst().await();
    burst().await();

    probe.untilEvents((int) published).await();
    probe.assertExactlyOneTo(published);
    StreamCounters.Snapshot c = stream.counters();
    assertThat(published).isGreaterThanOrEqualTo(10_000);
    assertThat(c.reconnects()).isGreaterThanOrEqualTo(6);
    assertThat(c.malformed()).isGreaterThanOrEqualTo(25);
    assertThat(c.gaps()).isZero();
    assertThat(c.lastSeq()).isEqualTo(published);
    assertThat(stream.subscription().id()).isEqualTo(sub.id());
  }

  @Test
  void aDeletedSubscriptionIsRecreatedAfterTheTokenExpiredAndAnnouncedAsANewSeqSpace() {
    Subscription first = sim.session.create(SimHarness.SPEC).await();
    stream =
        new UpstreamStream(
                vertx,
                CONFIG,
                UpstreamStream.newWebSocketClient(vertx),
                sim.endpoints().dssWsUrl(),
                first,
                0,
                probe,
                () -> sim.session.create(SimHarness.SPEC))
            .listener(probe);
    stream.start().await();
    sim.publishRange(0, 10).await();
    probe.untilEvents(10).await();

    sim.control("/sim/tokens/expire", null).await();
    sim.web.delete(sim.port, "127.0.0.1", "/sim/subscriptions").send().await();
    probe.until(p -> !p.resubscribed.isEmpty()).await();
    Subscription second = stream.subscription();
    assertThat(second.id()).isNotEqualTo(first.id());
    probe.untilState(UpstreamStream.State.LIVE).await();
    probe.until(p -> p.liveCount() >= 2).await();

    sim.publishRange(100, 5).await();
    probe.untilEvents(15).await();
    assertThat(probe.seqs.subList(10, 15)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(stream.lastSeq()).isEqualTo(5);
  }
}
