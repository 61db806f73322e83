package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.HttpError;
import io.dssgateway.hub.HubLifecycleTest.PlainFormat;
import io.dssgateway.hub.HubLifecycleTest.RecordingChannel;
import io.dssgateway.hub.HubLifecycleTest.ScriptedUpstream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the hub lets one scope and the whole gateway hold: streams, and the heap of their replay buffers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HubBoundsTest {

  private static final long LONG_LINGER = 60_000;
  private static final Filter LED = Filter.of(Set.of(), Set.of("AC000W000340649"), Set.of());

  private Vertx vertx;
  private ScriptedUpstream upstream;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = new ScriptedUpstream();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Hub deploy(HubConfig config) {
    Hub h = new Hub(upstream, config, type -> {}, new PlainFormat());
    vertx.deployVerticle(h).await();
    return h;
  }

  private static HubConfig bounds(int perScope, int total) {
    return new HubConfig(
        LONG_LINGER,
        100,
        Long.MAX_VALUE,
        15_000,
        0,
        perScope,
        total,
        SubscriptionPlanner.Policy.EXACT);
  }

  private static RecordingChannel.Outcome attach(Hub hub, StreamKey key) {
    RecordingChannel channel = new RecordingChannel();
    hub.attach(new Hub.Attach<>(List.of(key), Cursor.empty(), channel, key.canonical()));
    return channel.outcome().await();
  }

  private static StreamKey key(String scope, String type) {
    return new StreamKey(scope, type, LED);
  }

  @Test
  void aScopePastItsBoundIsRefused429UntilOneOfItsStreamsLingers() {
    Hub hub = deploy(bounds(2, 0));
    RecordingChannel.Outcome first = attach(hub, key("user:a", "datapoint"));
    attach(hub, key("user:a", "connectivity"));

    Throwable refused = attach(hub, key("user:a", "location")).cause();
    assertThat(refused).isInstanceOf(HttpError.class);
    HttpError error = (HttpError) refused;
    assertThat(error.status()).isEqualTo(429);
    assertThat(error.code()).isEqualTo("too_many_streams");
    assertThat(error.toJson().getInteger("limit")).isEqualTo(2);
    assertThat(error.toJson().getString("setting")).isEqualTo("hub.max-streams-per-scope");
    assertThat(upstream.opens()).as("nothing asked of Ayla for the refused stream").isEqualTo(2);
    assertThat(attach(hub, key("user:b", "location")).cause())
        .as("another scope has its own bound")
        .isNull();

    hub.detach(
        first.attachment()); // lingering: the scope's oldest claim on the bound, let go for a new
    // stream
    assertThat(attach(hub, key("user:a", "location")).cause()).isNull();
    assertThat(upstream.released(key("user:a", "datapoint")).timeout(5, TimeUnit.SECONDS).await())
        .isTrue();
  }

  @Test
  void theGatewayPastItsTotalBoundIsRefused503() {
    Hub hub = deploy(bounds(0, 2));
    attach(hub, key("user:a", "datapoint"));
    attach(hub, key("user:b", "datapoint"));

    HttpError error = (HttpError) attach(hub, key("user:c", "datapoint")).cause();
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.code()).isEqualTo("streams_exhausted");
    assertThat(error.headers().getString("Retry-After")).isNotNull();
  }

  @Test
  void aSubscriberThatLeftBeforeItsStreamOpenedHoldsNoUpstream() {
    Hub hub = deploy(bounds(0, 0));
    StreamKey key = key("user:a", "datapoint");
    upstream.hold("datapoint");
    RecordingChannel channel = new RecordingChannel();
    hub.attach(new Hub.Attach<>(List.of(key), Cursor.empty(), channel, "browser"));
    while (upstream.opened(key) == null) {
      hub.streams(k -> true).await(); // one hub round trip: the open has been asked for
    }
    upstream.release(key);
    Hub.Attachment attachment = channel.outcome().await().attachment();

    hub.abandon(attachment); // its browser had gone: the join came to nobody

    assertThat(upstream.released(key).timeout(5, TimeUnit.SECONDS).await())
        .as("released at once, not after a minute's linger")
        .isTrue();
    assertThat(hub.streams(k -> true).await()).isEmpty();
  }

  @Test
  void aStreamThatOpensAfterItsOnlySubscriberGaveUpIsReleasedAtOnce() {
    Hub hub =
        deploy(
            new HubConfig(
                LONG_LINGER, 100, Long.MAX_VALUE, 100, 0, 0, 0, SubscriptionPlanner.Policy.EXACT));
    StreamKey key = key("user:a", "datapoint");
    upstream.hold("datapoint");

    Throwable failure = attach(hub, key).cause();
    assertThat(((HttpError) failure).status()).isEqualTo(504);
    upstream.release(key);

    assertThat(upstream.released(key).timeout(5, TimeUnit.SECONDS).await()).isTrue();
  }

  @Test
  void aStreamABrowserReadLingersWhenItLeaves() {
    Hub hub = deploy(bounds(0, 0));
    StreamKey key = key("user:a", "datapoint");
    hub.detach(attach(hub, key).attachment());

    JsonObject info = (JsonObject) hub.streams(k -> true).await().getValue(0);
    assertThat(info.getString("state")).isEqualTo("lingering");
  }

  @Test
  void replayBuffersOfAHundredBusyStreamsStayInsideTheBudgetAndQuietOnesKeepTheirs() {
    long budget = 2L * 1024 * 1024;
    Hub hub =
        deploy(
            new HubConfig(
                LONG_LINGER,
                100_000,
                8L * 1024 * 1024,
                15_000,
                budget,
                0,
                0,
                SubscriptionPlanner.Policy.EXACT));
    List<StreamKey> busy = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      StreamKey k =
          new StreamKey("user:a", "datapoint", Filter.of(Set.of(), Set.of("DSN" + i), Set.of()));
      busy.add(k);
      attach(hub, k);
    }
    StreamKey quiet = key("user:a", "connectivity");
    attach(hub, quiet);
    upstream.opened(quiet).emit(LongStream.rangeClosed(1, 10).toArray()).await();

    List<Future<Void>> emitted = new ArrayList<>();
    for (StreamKey k : busy) {
      emitted.add(upstream.opened(k).emit(LongStream.rangeClosed(1, 2_000).toArray()));
    }
    Future.all(emitted).await();

    long[] replay = hub.replayNow().await();
    assertThat(replay[0]).as("heap held by every replay buffer").isLessThanOrEqualTo(budget);
    assertThat(replay[1]).as("events let go to stay inside").isGreaterThan(0);
    List<JsonObject> infos =
        hub.streams(k -> true).await().stream().map(JsonObject.class::cast).toList();
    assertThat(infos)
        .allSatisfy(info -> assertThat(info.getInteger("replay_buffered")).isPositive());
    assertThat(
            infos.stream()
                .filter(info -> info.getString("subscription_type").equals("connectivity")))
        .singleElement()
        .satisfies(info -> assertThat(info.getInteger("replay_buffered")).isEqualTo(10));
  }
}
