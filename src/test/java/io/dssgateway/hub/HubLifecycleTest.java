package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.Database;
import io.dssgateway.common.HttpError;
import io.dssgateway.upstream.DssEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub's registry with a scripted upstream: what it opens, keeps, records and closes. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HubLifecycleTest {

  private static final Filter LED = Filter.of(Set.of(), Set.of("AC000W000340649"), Set.of());
  private static final StreamKey DATAPOINT = new StreamKey("user:demo", "datapoint", LED);
  private static final StreamKey CONNECTIVITY = new StreamKey("user:demo", "connectivity", LED);

  private Vertx vertx;
  private Pool db;
  private StreamStore store;
  private ScriptedUpstream upstream;
  private Hub hub;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = Database.pool(vertx, "mem");
    store = new StreamStore(db);
    store.init().await();
    upstream = new ScriptedUpstream();
    hub = new Hub(vertx, upstream, store, new HubConfig(50, 100, "mem"), type -> { });
  }

  @AfterEach
  void stop() {
    db.close().await();
    vertx.close().await();
  }

  @Test
  void streamsOpenedForAFailedMultiTypeAttachLingerAndCloseInsteadOfLeaking() throws Exception {
    upstream.refuse("connectivity");
    Throwable failure = hub.attach(List.of(DATAPOINT, CONNECTIVITY), Cursor.empty(), new NullChannel(), new Object())
        .transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(failure).isInstanceOf(HttpError.class);

    // nobody reads the datapoint stream that did open: it must linger, close and delete its subscription
    Boolean deleted = upstream.closed(DATAPOINT).timeout(5, TimeUnit.SECONDS).await();
    assertThat(deleted).isTrue();
    assertThat(hub.streams(scope -> true).await()).isEmpty();
  }

  @Test
  void checkpointRecordsARecreatedSubscriptionEvenWhenItsSeqMatchesTheOldOne() throws Exception {
    Hub.Attachment a = hub.attach(List.of(DATAPOINT), Cursor.empty(), new NullChannel(), new Object()).await();
    ScriptedUpstream.Opened opened = upstream.opened(DATAPOINT);
    opened.emit(1, 2, 3).await();
    hub.checkpoint().await();
    assertThat(store.loadAll().await()).singleElement().satisfies(s -> {
      assertThat(s.subscriptionId()).isEqualTo(1000);
      assertThat(s.lastSeq()).isEqualTo(3);
    });

    // Ayla lost the subscription; the upstream recreated it and a new seq space reached 3 again
    opened.resubscribe(2000, "key-2000").await();
    opened.emit(1, 2, 3).await();
    hub.checkpoint().await();

    assertThat(store.loadAll().await()).singleElement().satisfies(s -> {
      assertThat(s.subscriptionId()).isEqualTo(2000);
      assertThat(s.streamKey()).isEqualTo("key-2000");
      assertThat(s.lastSeq()).isEqualTo(3);
    });
    hub.detach(a);
  }

  @Test
  void resumingStoredStreamsDoesNotWaitForTheUpstreamToComeBack() throws Exception {
    store.saveAll(List.of(new StoredStream(DATAPOINT, 1000, "key-1000", 7))).await();
    upstream.hold("datapoint"); // Ayla unreachable at start: the stream keeps reconnecting

    Integer resumed = hub.resumeStored().timeout(5, TimeUnit.SECONDS).await();

    assertThat(resumed).isEqualTo(1);
    assertThat(hub.streams(scope -> true).await()).singleElement()
        .satisfies(info -> assertThat(((JsonObject) info).getString("state")).isEqualTo("opening"));
  }

  @Test
  void aStreamStillOpeningWhenTheHubClosesIsClosedOnceItOpens() throws Exception {
    upstream.hold("datapoint");
    Future<Hub.Attachment> attaching = hub.attach(List.of(DATAPOINT), Cursor.empty(), new NullChannel(), new Object());
    while (upstream.opened(DATAPOINT) == null) {
      hub.streams(scope -> true).await(); // one hub round trip: the open has been asked for
    }
    hub.close(false).await();

    upstream.release(DATAPOINT);

    // created for a browser, never recorded: deleted rather than left running or leaked at Ayla
    assertThat(upstream.closed(DATAPOINT).timeout(5, TimeUnit.SECONDS).await()).isTrue();
    Throwable failure = attaching.transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(failure).isInstanceOf(HttpError.class);
    assertThat(((HttpError) failure).status()).isEqualTo(503);
    assertThat(store.loadAll().await()).isEmpty();
    assertThat(hub.streams(scope -> true).await()).isEmpty();
  }

  @Test
  void aBrowserWaitsBoundedForAnUpstreamThatHangsAndTheLateStreamLingersOut() throws Exception {
    Hub impatient = new Hub(vertx, upstream, store, new HubConfig(50, 100, "mem", 100), type -> { });
    upstream.hold("datapoint");

    Throwable failure = impatient.attach(List.of(DATAPOINT), Cursor.empty(), new NullChannel(), new Object())
        .transform(ar -> Future.succeededFuture(ar.cause())).timeout(5, TimeUnit.SECONDS).await();
    assertThat(failure).isInstanceOf(HttpError.class);
    assertThat(((HttpError) failure).status()).isEqualTo(504);

    upstream.release(DATAPOINT); // it opens after all, read by nobody: linger, close, delete
    assertThat(upstream.closed(DATAPOINT).timeout(5, TimeUnit.SECONDS).await()).isTrue();
  }

  @Test
  void aCursorBehindAStreamWithNothingBufferedGetsAGap() {
    HubStream stream = new HubStream(DATAPOINT, 10, type -> { });
    stream.opened(new FixedHandle(1000), 7); // resumed at seq 7, Ayla re-sent nothing yet

    Channel.Joined joined = stream.join(new NullChannel(), Cursor.parse("1000:3"));

    assertThat(joined.gap()).isNotNull();
    assertThat(joined.gap().fromSeq()).isEqualTo(4);
    assertThat(joined.gap().toSeq()).isEqualTo(7);
  }

  private record FixedHandle(long subscriptionId) implements UpstreamProvider.Handle {
    @Override
    public String streamKey() {
      return "key-" + subscriptionId;
    }

    @Override
    public JsonObject stats() {
      return new JsonObject();
    }

    @Override
    public Future<Void> close(boolean deleteSubscription) {
      return Future.succeededFuture();
    }
  }

  /** Opens every key at once on the calling (hub) context, except the event types told to refuse. */
  private static final class ScriptedUpstream implements UpstreamProvider {
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Promise<Handle>> pending = new ConcurrentHashMap<>();
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final Map<String, Promise<Boolean>> closed = new ConcurrentHashMap<>();

    void refuse(String eventType) {
      refused.add(eventType);
    }

    /** Opens of this type wait until {@link #release} (an upstream that is slow, or down). */
    void hold(String eventType) {
      held.add(eventType);
    }

    void release(StreamKey key) {
      Opened o = opened(key);
      o.context.runOnContext(v -> pending.get(key.canonical()).complete(o));
    }

    Opened opened(StreamKey key) {
      return opened.get(key.canonical());
    }

    Future<Boolean> closed(StreamKey key) {
      return closed.computeIfAbsent(key.canonical(), k -> Promise.promise()).future();
    }

    @Override
    public Future<Handle> open(StreamKey key, StoredStream resume, Listener listener) {
      if (refused.contains(key.eventType())) {
        return Future.failedFuture(new HttpError(422, "rejected_by_ayla", "refused"));
      }
      Opened o = new Opened(Vertx.currentContext(), listener, key);
      opened.put(key.canonical(), o);
      listener.onSubscription(o.subscriptionId);
      if (held.contains(key.eventType())) {
        Promise<Handle> later = Promise.promise();
        pending.put(key.canonical(), later);
        return later.future();
      }
      return Future.succeededFuture(o);
    }

    final class Opened implements Handle {
      private final Context context;
      private final Listener listener;
      private final StreamKey key;
      private volatile long subscriptionId = 1000;
      private volatile String streamKey = "key-1000";

      Opened(Context context, Listener listener, StreamKey key) {
        this.context = context;
        this.listener = listener;
        this.key = key;
      }

      Future<Void> emit(long... seqs) {
        return onContext(() -> {
          for (long seq : seqs) {
            listener.onEvent(new DssEvent(seq, key.eventType(), "ledevb", "AC000W000340649", "Blue_LED",
                Buffer.buffer("{\"seq\":" + seq + "}")));
          }
        });
      }

      Future<Void> resubscribe(long id, String newKey) {
        return onContext(() -> {
          subscriptionId = id;
          streamKey = newKey;
          listener.onResubscribed(id);
        });
      }

      private Future<Void> onContext(Runnable work) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
          work.run();
          done.complete();
        });
        return done.future();
      }

      @Override
      public long subscriptionId() {
        return subscriptionId;
      }

      @Override
      public String streamKey() {
        return streamKey;
      }

      @Override
      public JsonObject stats() {
        return new JsonObject();
      }

      @Override
      public Future<Void> close(boolean deleteSubscription) {
        closed.computeIfAbsent(key.canonical(), k -> Promise.promise()).tryComplete(deleteSubscription);
        return Future.succeededFuture();
      }
    }
  }

  private static final class NullChannel implements Channel {
    @Override
    public void joined(Object subscriber, List<Joined> streams) {
    }

    @Override
    public void deliver(HubStream stream, HubEvent event) {
    }
  }
}
