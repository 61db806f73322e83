package io.dssgateway.holder;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.Database;
import io.dssgateway.common.HttpError;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.upstream.StreamConfig;
import io.dssgateway.upstream.Subscription;
import io.dssgateway.upstream.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LocalUpstreams} against the real simulator and an in-memory {@link JdbcStreamStore}: what
 * it creates, records, deletes and keeps in Ayla and in the store, and what its listener hears.
 * Every call is made on one context, as the hub makes them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalUpstreamsTest {

  private static final StreamKey KEY =
      new StreamKey(
          "user:demo",
          "datapoint",
          Filter.of(Set.of(SimCloud.MODEL), Set.of(SimCloud.DSN), Set.of(SimCloud.PROPERTY)));

  /** Heartbeats rare (the simulator's are too), quick backoff: a 409 after a close is retried at once. */
  private static final StreamConfig CONFIG = new StreamConfig(10_000, 10, 200, 2000);

  private static final int BACKFILL = 2;

  private Vertx vertx;
  private SimCloud sim;
  private io.vertx.sqlclient.Pool db;
  private JdbcStreamStore store;
  private UpstreamFactory factory;
  private Context context;
  private final List<LocalUpstreams> made = new ArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sim = new SimCloud(vertx).start().await();
    db = Database.pool(vertx, "mem");
    store =
        new JdbcStreamStore(
            db, io.dssgateway.common.SecretBox.fromBase64(io.dssgateway.common.SecretBox.newKey()));
    store.init().await();
    factory =
        new UpstreamFactory(
            vertx,
            UpstreamStream.newWebSocketClient(vertx),
            sim.endpoints().dssWsUrl(),
            "cloud",
            CONFIG);
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    // closing twice is harmless; a stream left running would only log reconnects while Vert.x
    // closes
    made.forEach(u -> on(u::close).recover(err -> Future.succeededFuture()).await());
    vertx.close().await();
  }

  @Test
  void openCreatesOneSubscriptionDeliversInSeqOrderAndCheckpointsHowFarItGot() {
    LocalUpstreams upstreams = upstreams();
    assertThat(on(upstreams::start).await()).isEmpty();
    Recorder listener = new Recorder(context);

    UpstreamProvider.Handle handle = on(() -> upstreams.open(KEY, listener)).await();

    Subscription sub = onlySubscription();
    assertThat(handle.subscriptionId()).isEqualTo(sub.id());
    assertThat(listener.subscriptions()).containsExactly(new Opened(sub.id(), 0));
    // recorded as soon as it is open: a crash before the first checkpoint does not leak it
    assertThat(store.loadAll().await())
        .containsExactly(new StoredStream(KEY, sub.id(), sub.streamKey(), 0));

    sim.publish(10, 11, 12, 13, 14).await();
    listener.untilEvents(5).await();

    assertThat(listener.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(listener.events())
        .allSatisfy(
            e -> {
              assertThat(e.eventType()).isEqualTo("datapoint");
              assertThat(e.dsn()).isEqualTo(SimCloud.DSN);
              assertThat(e.propertyName()).isEqualTo(SimCloud.PROPERTY);
            });
    assertThat(untilStored(s -> s.lastSeq() == 5).await())
        .isEqualTo(new StoredStream(KEY, sub.id(), sub.streamKey(), 5));
    assertThat(sim.subscriptions().await()).hasSize(1);
    assertThat(listener.offContext()).isZero();
  }

  @Test
  void releaseDeletesTheAylaSubscriptionAndItsRecord() {
    LocalUpstreams upstreams = upstreams();
    on(upstreams::start).await();
    Recorder listener = new Recorder(context);
    UpstreamProvider.Handle handle = on(() -> upstreams.open(KEY, listener)).await();
    sim.publish(1, 2, 3).await();
    listener.untilEvents(3).await();
    untilStored(s -> s.lastSeq() == 3).await();

    on(handle::release).await();

    assertThat(sim.subscriptions().await()).isEmpty();
    assertThat(store.loadAll().await()).isEmpty();
    untilNoSocketOpen().await();
  }

  @Test
  void closeKeepsTheSubscriptionAndTheNextProcessResumesItWithBackfill() {
    LocalUpstreams first = upstreams();
    on(first::start).await();
    Recorder before = new Recorder(context);
    on(() -> first.open(KEY, before)).await();
    Subscription sub = onlySubscription();
    sim.publish(1, 2, 3, 4, 5).await();
    before.untilEvents(5).await();

    on(first::close).await();

    // kept in Ayla, socket closed, and recorded with how far it got (close checkpoints)
    assertThat(sim.subscriptions().await()).extracting(Subscription::id).containsExactly(sub.id());
    untilNoSocketOpen().await();
    assertThat(store.loadAll().await())
        .containsExactly(new StoredStream(KEY, sub.id(), sub.streamKey(), 5));
    sim.publish(6, 7).await(); // while nobody reads: Ayla keeps them for the resume

    LocalUpstreams second = upstreams();
    assertThat(on(second::start).await()).containsExactly(KEY);
    Recorder after = new Recorder(context);
    UpstreamProvider.Handle handle = on(() -> second.open(KEY, after)).await();

    assertThat(handle.subscriptionId()).isEqualTo(sub.id());
    assertThat(after.subscriptions()).containsExactly(new Opened(sub.id(), 5 - BACKFILL));
    after.untilEvents(4).await();
    sim.publish(8).await();
    after.untilEvents(5).await();
    assertThat(after.seqs()).containsExactly(4L, 5L, 6L, 7L, 8L);
    assertThat(after.resubscribed()).isEmpty();
    assertThat(sim.subscriptions().await()).extracting(Subscription::id).containsExactly(sub.id());
    assertThat(untilStored(s -> s.lastSeq() == 8).await())
        .isEqualTo(new StoredStream(KEY, sub.id(), sub.streamKey(), 8));
    assertThat(after.offContext()).isZero();
  }

  @Test
  void aSubscriptionAylaLostIsRecreatedAndRecordedEvenAtTheSameSeqAsTheOldOne() {
    LocalUpstreams upstreams = upstreams();
    on(upstreams::start).await();
    Recorder listener = new Recorder(context);
    on(() -> upstreams.open(KEY, listener)).await();
    Subscription old = onlySubscription();
    sim.publish(1, 2, 3).await();
    listener.untilEvents(3).await();
    untilStored(s -> s.lastSeq() == 3).await();

    assertThat(sim.deleteAllSubscriptions().await()).isEqualTo(1);
    long recreated = listener.untilResubscribed().await();

    Subscription fresh = onlySubscription();
    assertThat(fresh.id()).isEqualTo(recreated).isNotEqualTo(old.id());
    sim.publish(4, 5, 6).await(); // as many as before: the new incarnation reaches the same seq, 3
    listener.untilEvents(6).await();
    assertThat(listener.seqs()).containsExactly(1L, 2L, 3L, 1L, 2L, 3L);
    assertThat(untilStored(s -> s.subscriptionId() == fresh.id()).await())
        .isEqualTo(new StoredStream(KEY, fresh.id(), fresh.streamKey(), 3));
  }

  @Test
  void closeWhileANewSubscriptionIsOpeningFailsThatOpenWith503AndDeletesTheSubscription() {
    LocalUpstreams upstreams = upstreams();
    on(upstreams::start).await();
    Recorder listener = new Recorder(context);

    // the open is under way (its create call in flight) when close() runs, in the same context task
    OpenThenClose race = openThenClose(upstreams, listener).await();
    race.closed().await();
    Throwable failure = race.open().transform(ar -> Future.succeededFuture(ar.cause())).await();

    assertThat(failure)
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("shutting_down");
            });
    assertThat(listener.subscriptions()).hasSize(1); // it did create a subscription before failing
    assertThat(sim.subscriptions().await()).isEmpty();
    assertThat(store.loadAll().await()).isEmpty();
    untilNoSocketOpen().await();
  }

  @Test
  void closeWhileAResumedSubscriptionIsOpeningFailsThatOpenWith503AndKeepsTheSubscription() {
    LocalUpstreams first = upstreams();
    on(first::start).await();
    Recorder before = new Recorder(context);
    on(() -> first.open(KEY, before)).await();
    Subscription sub = onlySubscription();
    sim.publish(1, 2, 3).await();
    before.untilEvents(3).await();
    on(first::close).await();

    LocalUpstreams second = upstreams();
    assertThat(on(second::start).await()).containsExactly(KEY);
    Recorder after = new Recorder(context);
    OpenThenClose race = openThenClose(second, after).await();
    race.closed().await();
    Throwable failure = race.open().transform(ar -> Future.succeededFuture(ar.cause())).await();

    assertThat(failure)
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(after.subscriptions()).containsExactly(new Opened(sub.id(), 3 - BACKFILL));
    assertThat(sim.subscriptions().await()).extracting(Subscription::id).containsExactly(sub.id());
    assertThat(store.loadAll().await())
        .containsExactly(new StoredStream(KEY, sub.id(), sub.streamKey(), 3));
    untilNoSocketOpen().await();
  }

  // --- helpers ---

  private LocalUpstreams upstreams() {
    LocalUpstreams upstreams =
        new LocalUpstreams(
            vertx,
            factory,
            new AylaSubscriptions(factory, scope -> List.of(sim.session())),
            store,
            BACKFILL);
    made.add(upstreams);
    return upstreams;
  }

  private Subscription onlySubscription() {
    List<Subscription> all = sim.subscriptions().await();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  /** Runs the work on the test's one context, as the hub calls its provider. */
  private <T> Future<T> on(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  private record OpenThenClose(Future<UpstreamProvider.Handle> open, Future<Void> closed) {}

  /** Calls open() and then close() in one task on the context: the open is surely still in flight. */
  private Future<OpenThenClose> openThenClose(LocalUpstreams upstreams, Recorder listener) {
    Promise<OpenThenClose> promise = Promise.promise();
    context.runOnContext(
        v -> {
          Future<UpstreamProvider.Handle> open = upstreams.open(KEY, listener);
          Future<Void> closed = upstreams.close();
          assertThat(open.isComplete()).isFalse();
          promise.complete(new OpenThenClose(open, closed));
        });
    return promise.future();
  }

  /** The simulator handles a socket's close on its own loop: wait (bounded) until it counts none open. */
  private Future<Void> untilNoSocketOpen() {
    return pollSockets(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
  }

  private Future<Void> pollSockets(long deadline) {
    return sim.stats()
        .compose(
            stats -> {
              if (stats.getInteger("open_sockets") == 0) {
                return Future.succeededFuture();
              }
              if (System.nanoTime() > deadline) {
                return Future.failedFuture(
                    new AssertionError(
                        "the simulator still counts open sockets after 5 s: " + stats));
              }
              return vertx.timer(20).compose(t -> pollSockets(deadline));
            });
  }

  /** Completes with the stored record of {@link #KEY} once it satisfies the condition; fails after 5 s. */
  private Future<StoredStream> untilStored(Predicate<StoredStream> condition) {
    return pollStore(condition, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
  }

  private Future<StoredStream> pollStore(Predicate<StoredStream> condition, long deadline) {
    return store
        .loadAll()
        .compose(
            all -> {
              Optional<StoredStream> hit =
                  all.stream().filter(s -> s.key().equals(KEY) && condition.test(s)).findFirst();
              if (hit.isPresent()) {
                return Future.succeededFuture(hit.get());
              }
              if (System.nanoTime() > deadline) {
                return Future.failedFuture(
                    new AssertionError(
                        "no stored record matched within 5 s; the store holds " + all));
              }
              return vertx.timer(20).compose(t -> pollStore(condition, deadline));
            });
  }

  record Opened(long subscriptionId, long resumesAfterSeq) {}

  /** The provider's listener: records every call (and whether it came on the opening context), and turns them into futures. */
  static final class Recorder implements UpstreamProvider.Listener {
    private final Context expected;
    private final List<Opened> subscriptions = new ArrayList<>();
    private final List<StreamEvent> events = new ArrayList<>();
    private final List<Long> resubscribed = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int offContext;

    private record Waiter(Predicate<Recorder> condition, Promise<Void> promise) {}

    Recorder(Context expected) {
      this.expected = expected;
    }

    @Override
    public synchronized void onSubscription(long subscriptionId, long resumesAfterSeq) {
      subscriptions.add(new Opened(subscriptionId, resumesAfterSeq));
      called();
    }

    @Override
    public synchronized void onEvent(StreamEvent event) {
      events.add(event);
      called();
    }

    @Override
    public synchronized void onResubscribed(long newSubscriptionId) {
      resubscribed.add(newSubscriptionId);
      called();
    }

    synchronized List<Opened> subscriptions() {
      return List.copyOf(subscriptions);
    }

    synchronized List<StreamEvent> events() {
      return List.copyOf(events);
    }

    synchronized List<Long> seqs() {
      return events.stream().map(StreamEvent::seq).toList();
    }

    synchronized List<Long> resubscribed() {
      return List.copyOf(resubscribed);
    }

    synchronized int offContext() {
      return offContext;
    }

    Future<Void> untilEvents(int n) {
      return until(r -> r.events.size() >= n);
    }

    Future<Long> untilResubscribed() {
      return until(r -> !r.resubscribed.isEmpty()).map(v -> resubscribed().get(0));
    }

    synchronized Future<Void> until(Predicate<Recorder> condition) {
      Promise<Void> p = Promise.promise();
      if (condition.test(this)) {
        p.complete();
      } else {
        waiters.add(new Waiter(condition, p));
      }
      return p.future();
    }

    private void called() {
      if (Vertx.currentContext() != expected) {
        offContext++;
      }
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.condition.test(this)) {
          it.remove();
          w.promise.complete();
        }
      }
    }
  }
}
