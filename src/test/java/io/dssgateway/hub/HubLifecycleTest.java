package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.HttpError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub's registry with a scripted provider: what it opens, shares, releases and refuses. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HubLifecycleTest {

  private static final Filter LED = Filter.of(Set.of(), Set.of("AC000W000340649"), Set.of());
  private static final StreamKey DATAPOINT = new StreamKey("user:demo", "datapoint", LED);
  private static final StreamKey CONNECTIVITY = new StreamKey("user:demo", "connectivity", LED);

  private Vertx vertx;
  private ScriptedUpstream upstream;
  private Hub hub;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    upstream = new ScriptedUpstream();
    hub = deploy(new HubConfig(50, 100, 15_000));
  }

  private Hub deploy(HubConfig config) {
    Hub h = new Hub(upstream, config, type -> {}, new PlainFormat());
    vertx.deployVerticle(h).await();
    return h;
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void anAttachGetsExactlyOneJoinedMessageWithTheAttachment() {
    RecordingChannel channel = new RecordingChannel();
    hub.attach(
        new Hub.Attach<>(List.of(DATAPOINT, CONNECTIVITY), Cursor.empty(), channel, "browser-1"));

    RecordingChannel.Outcome outcome = channel.outcome().await();
    assertThat(outcome.subscriber()).isEqualTo("browser-1");
    assertThat(outcome.cause()).isNull();
    assertThat(outcome.attachment().streams())
        .extracting(HubStream::key)
        .containsExactly(DATAPOINT, CONNECTIVITY);
    assertThat(channel.messages()).isEqualTo(1);
  }

  @Test
  void eventsAreEncodedOnceAndSharedByEverySubscriber() {
    RecordingChannel first = new RecordingChannel();
    RecordingChannel second = new RecordingChannel();
    hub.attach(new Hub.Attach<>(List.of(DATAPOINT), Cursor.empty(), first, "a"));
    hub.attach(new Hub.Attach<>(List.of(DATAPOINT), Cursor.empty(), second, "b"));
    first.outcome().await();
    second.outcome().await();

    upstream.opened(DATAPOINT).emit(1).await();

    assertThat(first.delivered())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.position().toString()).isEqualTo("1000:1");
              assertThat(e.body().toString()).isEqualTo("datapoint {\"seq\":1}");
            });
    assertThat(second.delivered().get(0)).isSameAs(first.delivered().get(0));
    assertThat(upstream.opens()).isEqualTo(1);
  }

  @Test
  void streamsOpenedForAFailedMultiTypeAttachLingerAndAreReleasedInsteadOfLeaking()
      throws Exception {
    upstream.refuse("connectivity");
    RecordingChannel channel = new RecordingChannel();
    hub.attach(
        new Hub.Attach<>(List.of(DATAPOINT, CONNECTIVITY), Cursor.empty(), channel, "browser"));

    assertThat(channel.outcome().await().cause()).isInstanceOf(HttpError.class);
    assertThat(channel.messages()).isEqualTo(1);
    // nobody reads the datapoint stream that did open: it lingers, then the hub lets go of it
    assertThat(upstream.released(DATAPOINT).timeout(5, TimeUnit.SECONDS).await()).isTrue();
    assertThat(hub.streams(scope -> true).await()).isEmpty();
  }

  @Test
  void theLastSubscriberLeavingReleasesTheStreamAfterTheLingerOnly() {
    RecordingChannel channel = new RecordingChannel();
    hub.attach(new Hub.Attach<>(List.of(DATAPOINT), Cursor.empty(), channel, "browser"));
    Hub.Attachment attachment = channel.outcome().await().attachment();
    RecordingChannel again = new RecordingChannel();

    hub.detach(attachment);
    hub.attach(new Hub.Attach<>(List.of(DATAPOINT), Cursor.empty(), again, "back"));
    again.outcome().await();

    assertThat(upstream.opens()).isEqualTo(1); // came back within the linger: the same stream
    hub.detach(again.outcome().result().attachment());
    assertThat(upstream.released(DATAPOINT).timeout(5, TimeUnit.SECONDS).await()).isTrue();
  }

  @Test
  void streamsHeldBeforeARestartReopenAtStartWithoutWaitingForTheUpstream() {
    Vertx other = Vertx.vertx();
    try {
      ScriptedUpstream restarted = new ScriptedUpstream();
      restarted.heldBefore(DATAPOINT);
      restarted.hold("datapoint"); // Ayla unreachable at start: the stream keeps reconnecting
      Hub h = new Hub(restarted, new HubConfig(50, 100, 15_000), type -> {}, new PlainFormat());

      other.deployVerticle(h).timeout(5, TimeUnit.SECONDS).await();

      assertThat(h.streams(scope -> true).await())
          .singleElement()
          .satisfies(
              info -> assertThat(((JsonObject) info).getString("state")).isEqualTo("opening"));
    } finally {
      other.close().await();
    }
  }

  @Test
  void anAttachWaitingWhenTheHubClosesIsRefusedAndTheProviderIsClosed() {
    upstream.hold("datapoint");
    RecordingChannel channel = new RecordingChannel();
    hub.attach(new Hub.Attach<>(List.of(DATAPOINT), Cursor.empty(), channel, "browser"));
    while (upstream.opened(DATAPOINT) == null) {
      hub.streams(scope -> true).await(); // one hub round trip: the open has been asked for
    }
    hub.close().await();
    upstream.release(DATAPOINT);

    Throwable failure = channel.outcome().await().cause();
    assertThat(failure).isInstanceOf(HttpError.class);
    assertThat(((HttpError) failure).status()).isEqualTo(503);
    assertThat(upstream.closed()).isTrue();
    assertThat(hub.streams(scope -> true).await()).isEmpty();
  }

  @Test
  void aSubscriberWaitsBoundedForAnUpstreamThatHangsAndTheLateStreamLingersOut() {
    Hub impatient = deploy(new HubConfig(50, 100, 100));
    upstream.hold("datapoint");
    RecordingChannel channel = new RecordingChannel();

    impatient.attach(new Hub.Attach<>(List.of(DATAPOINT), Cursor.empty(), channel, "browser"));

    Throwable failure = channel.outcome().timeout(5, TimeUnit.SECONDS).await().cause();
    assertThat(failure).isInstanceOf(HttpError.class);
    assertThat(((HttpError) failure).status()).isEqualTo(504);
    upstream.release(DATAPOINT); // it opens after all, read by nobody: linger, then released
    assertThat(upstream.released(DATAPOINT).timeout(5, TimeUnit.SECONDS).await()).isTrue();
  }

  @Test
  void aCursorBehindAStreamWithNothingBufferedGetsAGap() {
    HubStream stream = new HubStream(DATAPOINT, 10, Long.MAX_VALUE, type -> {}, new PlainFormat());
    stream.onSubscription(1000, 7); // resumed at seq 7, Ayla re-sent nothing yet

    Channel.Joined joined = stream.join(new RecordingChannel(), Cursor.parse("1000:3"));

    assertThat(joined.gap()).isNotNull();
    assertThat(joined.gap().fromSeq()).isEqualTo(4);
    assertThat(joined.gap().toSeq()).isEqualTo(7);
  }

  /** A replay across seqs the upstream skipped tells the hole where it lies, never hides it. */
  @Test
  void aResumeAcrossSeqsTheUpstreamSkippedGetsAHoleBeforeTheEventAfterThem() {
    HubStream stream = new HubStream(DATAPOINT, 10, Long.MAX_VALUE, type -> {}, new PlainFormat());
    stream.onSubscription(1000, 0);
    stream.onEvent(event(DATAPOINT, 1));
    stream.onEvent(event(DATAPOINT, 2));
    stream.onEvent(event(DATAPOINT, 6)); // Ayla skipped 3..5

    Channel.Joined joined = stream.join(new RecordingChannel(), Cursor.parse("1000:1"));

    assertThat(joined.gap()).isNull();
    assertThat(joined.replay()).extracting(HubEvent::seq).containsExactly(2L, 6L);
    assertThat(joined.holes()).hasSize(1);
    Channel.Hole hole = joined.holes().get(0);
    assertThat(hole.beforeIndex()).isEqualTo(1);
    assertThat(hole.gap().fromSeq()).isEqualTo(3);
    assertThat(hole.gap().toSeq()).isEqualTo(5);
    assertThat(hole.gap().reason()).isEqualTo("upstream_skipped");
    assertThat(joined.lost()).isTrue();
  }

  @Test
  void aRecreatedSubscriptionStartsANewSeqSpace() {
    HubStream stream = new HubStream(DATAPOINT, 10, Long.MAX_VALUE, type -> {}, new PlainFormat());
    stream.onSubscription(1000, 0);
    stream.onEvent(event(DATAPOINT, 1));
    stream.onEvent(event(DATAPOINT, 2));

    stream.onResubscribed(2000);
    stream.onEvent(event(DATAPOINT, 1));

    assertThat(stream.subscriptionId()).isEqualTo(2000);
    assertThat(stream.lastSeq()).isEqualTo(1);
    Channel.Joined old = stream.join(new RecordingChannel(), Cursor.parse("1000:2"));
    assertThat(old.gap().reason()).isEqualTo("stream_restarted");
  }

  static StreamEvent event(StreamKey key, long seq) {
    return new StreamEvent(
        seq,
        key.eventType(),
        "ledevb",
        "AC000W000340649",
        "Blue_LED",
        Buffer.buffer("{\"seq\":" + seq + "}"));
  }

  /** Positions and bodies as plain text, so a test can read what subscribers got. */
  static final class PlainFormat implements EventFormat {
    @Override
    public Buffer position(String cursor) {
      return Buffer.buffer(cursor);
    }

    @Override
    public Buffer body(StreamEvent event) {
      return Buffer.buffer(event.eventType() + " ").appendBuffer(event.json());
    }
  }

  /** Records what the hub sends: the one answer to an attach, and the events delivered. */
  static final class RecordingChannel implements Channel<String> {
    record Outcome(String subscriber, Hub.Attachment attachment, Throwable cause) {}

    private final Promise<Outcome> outcome = Promise.promise();
    private final List<HubEvent> delivered = new CopyOnWriteArrayList<>();
    private volatile int messages;

    Future<Outcome> outcome() {
      return outcome.future();
    }

    int messages() {
      return messages;
    }

    List<HubEvent> delivered() {
      return new ArrayList<>(delivered);
    }

    @Override
    public void joined(String subscriber, Hub.Attachment attachment, List<Joined> streams) {
      messages++;
      outcome.tryComplete(new Outcome(subscriber, attachment, null));
    }

    @Override
    public void refused(String subscriber, Throwable cause) {
      messages++;
      outcome.tryComplete(new Outcome(subscriber, null, cause));
    }

    @Override
    public void deliver(HubStream stream, HubEvent event) {
      delivered.add(event);
    }
  }

  /** Opens every key at once on the calling (hub) context, except the event types told to refuse or hold. */
  static final class ScriptedUpstream implements UpstreamProvider {
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<StreamKey> heldBefore = new CopyOnWriteArrayList<>();
    private final Map<String, Promise<Handle>> pending = new ConcurrentHashMap<>();
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final Map<String, Promise<Boolean>> released = new ConcurrentHashMap<>();
    private volatile int opens;
    private volatile boolean closed;

    void refuse(String eventType) {
      refused.add(eventType);
    }

    /** Opens of this type wait until {@link #release} (an upstream that is slow, or down). */
    void hold(String eventType) {
      held.add(eventType);
    }

    void heldBefore(StreamKey key) {
      heldBefore.add(key);
    }

    void release(StreamKey key) {
      Opened o = opened(key);
      o.context.runOnContext(v -> pending.get(key.canonical()).complete(o));
    }

    Opened opened(StreamKey key) {
      return opened.get(key.canonical());
    }

    int opens() {
      return opens;
    }

    boolean closed() {
      return closed;
    }

    Future<Boolean> released(StreamKey key) {
      return released.computeIfAbsent(key.canonical(), k -> Promise.promise()).future();
    }

    @Override
    public Future<List<StreamKey>> start() {
      return Future.succeededFuture(List.copyOf(heldBefore));
    }

    @Override
    public Future<Handle> open(StreamKey key, Listener listener) {
      if (refused.contains(key.eventType())) {
        return Future.failedFuture(new HttpError(422, "rejected_by_ayla", "refused"));
      }
      opens++;
      Opened o = new Opened(Vertx.currentContext(), listener, key);
      opened.put(key.canonical(), o);
      listener.onSubscription(o.subscriptionId(), 0);
      if (held.contains(key.eventType())) {
        Promise<Handle> later = Promise.promise();
        pending.put(key.canonical(), later);
        return later.future();
      }
      return Future.succeededFuture(o);
    }

    @Override
    public Future<Void> close() {
      closed = true;
      return Future.succeededFuture();
    }

    final class Opened implements Handle {
      private final Context context;
      private final Listener listener;
      private final StreamKey key;

      Opened(Context context, Listener listener, StreamKey key) {
        this.context = context;
        this.listener = listener;
        this.key = key;
      }

      Future<Void> emit(long... seqs) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(
            v -> {
              for (long seq : seqs) {
                listener.onEvent(event(key, seq));
              }
              done.complete();
            });
        return done.future();
      }

      @Override
      public long subscriptionId() {
        return 1000;
      }

      @Override
      public JsonObject stats() {
        return new JsonObject();
      }

      @Override
      public Future<Void> release() {
        released.computeIfAbsent(key.canonical(), k -> Promise.promise()).tryComplete(true);
        return Future.succeededFuture();
      }
    }
  }
}
