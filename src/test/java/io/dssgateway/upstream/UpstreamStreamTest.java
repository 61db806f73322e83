package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** One stream against the small fake Ayla: ordering, resume, duplicates and each upgrade refusal. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UpstreamStreamTest {

  private static final StreamConfig FAST = new StreamConfig(100, 10, 200, 2000);

  /** For tests where a watchdog reconnect on a slow machine would muddle what is checked. */
  private static final StreamConfig QUIET = new StreamConfig(10_000, 10, 200, 2000);

  private static final SubscriptionSpec SPEC =
      new SubscriptionSpec("datapoint", "ledevb", "*", "*", "cloud", null, null);

  private Vertx vertx;
  private FakeAyla ayla;
  private AylaSession session;
  private WebSocketClient wsClient;
  private String wsUrl;
  private UpstreamStream stream;
  private final StreamProbe probe = new StreamProbe();

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    ayla = new FakeAyla(vertx);
    int port = ayla.start().await();
    AylaEndpoints endpoints = AylaEndpoints.forSimulator(port);
    session =
        new AylaClient(vertx, new AylaConfig(endpoints, "app", "secret", 5000))
            .openSession("demo@example.com", "demo1234")
            .await();
    wsClient = UpstreamStream.newWebSocketClient(vertx);
    wsUrl = endpoints.dssWsUrl();
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.stop().await();
    }
    ayla.stop().await();
  }

  private UpstreamStream stream(Subscription sub, Supplier<Future<Subscription>> recreate) {
    return stream(FAST, sub, recreate);
  }

  private UpstreamStream stream(
      StreamConfig config, Subscription sub, Supplier<Future<Subscription>> recreate) {
    stream =
        new UpstreamStream(vertx, config, wsClient, wsUrl, sub, 0, probe, recreate).listener(probe);
    return stream;
  }

  @Test
  void aStopWhileTheSocketIsStillUpgradingCompletes() throws Exception {
    // A server that takes the connection and never answers the upgrade: the socket stays pending.
    io.vertx.core.net.NetServer silent =
        vertx.createNetServer().connectHandler(so -> {}).listen(0, "127.0.0.1").await();
    try {
      Subscription sub = session.create(SPEC).await();
      stream =
          new UpstreamStream(
                  vertx,
                  QUIET,
                  wsClient,
                  wsUrl.replaceFirst(":\\d+", ":" + silent.actualPort()),
                  sub,
                  0,
                  probe,
                  null)
              .listener(probe);
      Future<Void> started = stream.start();
      StreamProbe.poll(vertx, () -> stream.state() == UpstreamStream.State.CONNECTING).await();

      stream
          .stop()
          .await(
              5,
              TimeUnit
                  .SECONDS); // it used to throw "Not connected" on its context and never complete
      assertThat(stream.state()).isEqualTo(UpstreamStream.State.STOPPED);
      assertThat(started.failed()).isTrue();
      stream = null;
    } finally {
      silent.close().await();
    }
  }

  @Test
  void replaysFromSeqOneThenDeliversLiveEventsInOrderAndAnswersHeartbeats() {
    Subscription sub = session.create(SPEC).await();
    ayla.publish(sub.id(), 50).await();
    stream(QUIET, sub, null).start().await();
    ayla.publish(sub.id(), 50).await();
    ayla.heartbeat().await();
    probe.untilEvents(100).await();
    StreamProbe.poll(vertx, () -> ayla.zReplies.get() == 1).await();
    probe.assertExactlyOneTo(100);
    assertThat(stream.counters().heartbeats()).isEqualTo(1);
    assertThat(stream.lastSeq()).isEqualTo(100);
    assertThat(stream.state()).isEqualTo(UpstreamStream.State.LIVE);
  }

  @Test
  void resumesAfterADroppedSocketWithoutGapsOrDuplicates() {
    Subscription sub = session.create(SPEC).await();
    stream(sub, null).start().await();
    ayla.publish(sub.id(), 100).await();
    probe.untilEvents(100).await();
    ayla.dropSockets().await();
    ayla.publish(sub.id(), 100).await();
    probe.untilEvents(200).await();
    probe.assertExactlyOneTo(200);
    assertThat(stream.counters().reconnects()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void dropsAnEventAtOrBelowTheLastSeqAsADuplicate() {
    Subscription sub = session.create(SPEC).await();
    stream(QUIET, sub, null).start().await();
    ayla.publish(sub.id(), 5).await();
    probe.untilEvents(5).await();
    ayla.resend(sub.id(), 3).await();
    ayla.publish(sub.id(), 1).await();
    probe.untilEvents(6).await();
    probe.assertExactlyOneTo(6);
    assertThat(stream.counters().duplicates()).isEqualTo(1);
  }

  @Test
  void reconnectsWhenTheLineStaysSilentForTwoHeartbeatIntervals() {
    Subscription sub = session.create(SPEC).await();
    stream(sub, null).start().await();
    probe.untilLiveTimes(2).await();
    assertThat(stream.counters().reconnects()).isGreaterThanOrEqualTo(1);
    assertThat(ayla.upgrades.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void keepsRetryingWhileTheKeyIsStillInUseThenResumes() {
    Subscription sub = session.create(SPEC).await();
    stream(sub, null).start().await();
    ayla.forceUpgradeStatus(409).await();
    ayla.dropSockets().await();
    StreamProbe.poll(vertx, () -> ayla.upgrades.get() >= 4).await();
    assertThat(stream.state()).isNotEqualTo(UpstreamStream.State.FAILED);
    ayla.forceUpgradeStatus(null).await();
    ayla.publish(sub.id(), 10).await();
    probe.untilEvents(10).await();
    probe.assertExactlyOneTo(10);
  }

  @Test
  void anUnauthorizedUpgradeBacksOffAndRetries() {
    Subscription sub = session.create(SPEC).await();
    stream(sub, null).start().await();
    int before = ayla.upgrades.get();
    ayla.forceUpgradeStatus(401).await();
    ayla.dropSockets().await();
    StreamProbe.poll(vertx, () -> ayla.upgrades.get() >= before + 2).await();
    assertThat(stream.state()).isNotEqualTo(UpstreamStream.State.FAILED);
    ayla.forceUpgradeStatus(null).await();
    ayla.publish(sub.id(), 3).await();
    probe.untilEvents(3).await();
    probe.assertExactlyOneTo(3);
  }

  @Test
  void aResumedSubscriptionWhoseKeyIsRefusedBeforeItWasLiveIsRecreatedAtOnce() throws Exception {
    Subscription recorded = session.create(SPEC).await();
    ayla.forceUpgradeStatus(401).await(); // Ayla no longer knows the recorded stream key
    int before = ayla.upgrades.get();
    stream(recorded, () -> ayla.forceUpgradeStatus(null).compose(v -> session.create(SPEC)))
        .resumedFromRecord()
        .start()
        .await(10, TimeUnit.SECONDS); // without the recreate it backs off for good
    assertThat(ayla.upgrades.get() - before)
        .as("upgrades: the refused one, then the new subscription's")
        .isEqualTo(2);
    assertThat(probe.resubscribed).hasSize(1);
    assertThat(stream.subscription().id()).isNotEqualTo(recorded.id());
    assertThat(stream.counters().reconnects()).as("no backoff").isZero();
  }

  @Test
  void recreatesAGoneSubscriptionAndAnnouncesTheNewSeqSpace() {
    Subscription first = session.create(SPEC).await();
    stream(first, () -> session.create(SPEC)).start().await();
    ayla.publish(first.id(), 5).await();
    probe.untilEvents(5).await();
    ayla.deleteAllSubscriptions().await();
    probe.until(p -> !p.resubscribed.isEmpty()).await();
    probe.untilLiveTimes(2).await();
    Subscription second = stream.subscription();
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(probe.resubscribed).containsExactly(second);
    ayla.publish(second.id(), 3).await();
    probe.untilEvents(8).await();
    assertThat(probe.seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 1L, 2L, 3L);
    assertThat(stream.lastSeq()).isEqualTo(3);
  }

  @Test
  void failsWhenTheSubscriptionIsGoneAndNothingMayRecreateIt() {
    Subscription sub = session.create(SPEC).await();
    stream(sub, null).start().await();
    ayla.deleteAllSubscriptions().await();
    probe.untilState(UpstreamStream.State.FAILED).await();
    assertThat(stream.state()).isEqualTo(UpstreamStream.State.FAILED);
  }

  @Test
  void malformedFramesAreCountedAndNeverKillTheStream() {
    Subscription sub = session.create(SPEC).await();
    stream(QUIET, sub, null).start().await();
    ayla.publish(sub.id(), 2).await();
    ayla.sendRaw("garbage").await();
    ayla.sendRaw("12|{\"seq\":\"3\"").await();
    ayla.sendRaw("abc|{}").await();
    ayla.publish(sub.id(), 2).await();
    probe.untilEvents(4).await();
    probe.assertExactlyOneTo(4);
    assertThat(stream.counters().malformed()).isEqualTo(3);
    assertThat(probe.liveCount()).isEqualTo(1);
  }
}
