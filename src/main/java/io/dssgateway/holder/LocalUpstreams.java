package io.dssgateway.holder;

import io.dssgateway.common.HttpError;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.upstream.Subscription;
import io.dssgateway.upstream.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every upstream stream in this process: creates the Ayla subscription with the scope's Ayla
 * session, or resumes the one recorded before a restart; records subscription id and seq once a
 * second; deletes the subscription when the hub releases the stream, keeps it on shutdown. Runs on
 * the hub's context (every call comes from there), so it needs no locks.
 */
public final class LocalUpstreams implements UpstreamProvider {

  private static final Logger LOG = LoggerFactory.getLogger(LocalUpstreams.class);
  private static final long CHECKPOINT_MILLIS = 1000;

  private final Vertx vertx;
  private final UpstreamFactory factory;
  private final AylaSubscriptions subscriptions;
  private final StreamStore store;
  private final int backfill;
  private final ResumeFloor floor;
  private final Map<String, StoredStream> recorded = new HashMap<>();
  private final Map<String, HeldStream> held = new HashMap<>();
  private long checkpointTimer = -1;
  private boolean closed;

  /** @param backfill events before the recorded seq to fetch again on resume (they refill the replay buffer) */
  public LocalUpstreams(
      Vertx vertx,
      UpstreamFactory factory,
      AylaSubscriptions subscriptions,
      StreamStore store,
      int backfill) {
    this(vertx, factory, subscriptions, store, backfill, ResumeFloor.NONE);
  }

  /** @param floor how far back a resumed stream must read for its readers below the hub (collected streams) */
  public LocalUpstreams(
      Vertx vertx,
      UpstreamFactory factory,
      AylaSubscriptions subscriptions,
      StreamStore store,
      int backfill,
      ResumeFloor floor) {
    this.floor = floor;
    this.vertx = vertx;
    this.factory = factory;
    this.subscriptions = subscriptions;
    this.store = store;
    this.backfill = backfill;
  }

  @Override
  public Future<List<StreamKey>> start() {
    checkpointTimer = vertx.setPeriodic(CHECKPOINT_MILLIS, id -> checkpoint());
    return store
        .loadAll()
        .map(
            stored -> {
              stored.forEach(s -> recorded.put(s.key().canonical(), s));
              return stored.stream().map(StoredStream::key).toList();
            });
  }

  @Override
  public Future<Handle> open(StreamKey key, Listener listener) {
    StoredStream resume = recorded.remove(key.canonical());
    Future<Subscription> subscription =
        resume != null
            ? Future.succeededFuture(
                new Subscription(resume.subscriptionId(), resume.streamKey(), factory.spec(key)))
            : subscriptions.create(key);
    long fromSeq =
        resume == null
            ? 0
            : Math.max(
                0,
                Math.min(
                    resume.lastSeq() - backfill,
                    floor.resumeAfterAtMost(key, resume.subscriptionId())));
    return subscription
        .compose(
            sub -> {
              listener.onSubscription(sub.id(), fromSeq);
              HeldStream stream =
                  new HeldStream(
                      key,
                      factory.stream(
                          sub, fromSeq, listener, () -> subscriptions.create(key), true));
              if (resume != null) {
                stream.upstream.resumedFromRecord(); // Ayla may have forgotten it since
              }
              return stream
                  .start()
                  .compose(
                      v -> {
                        // a resumed subscription Ayla had lost was recreated while opening: a new
                        // seq space
                        boolean recreated = stream.subscriptionId() != sub.id();
                        StoredStream record = stream.record(recreated ? stream.lastSeq() : fromSeq);
                        if (closed) {
                          // shut down while this was opening: keep a recorded subscription, delete
                          // a new one
                          Future<Void> kept =
                              recreated ? store.saveAll(List.of(record)) : Future.succeededFuture();
                          return kept.compose(
                                  x -> stream.stop(resume == null ? subscriptions::delete : null))
                              .transform(
                                  ar ->
                                      Future.<Handle>failedFuture(
                                          HttpError.shuttingDown("The gateway is shutting down")));
                        }
                        held.put(key.canonical(), stream);
                        return save(List.of(record)).map(stream);
                      });
            })
        .recover(err -> Future.failedFuture(AylaSubscriptions.toHttpError(err)));
  }

  @Override
  public Future<Void> close() {
    closed = true;
    if (checkpointTimer >= 0) {
      vertx.cancelTimer(checkpointTimer);
    }
    return checkpoint()
        .recover(err -> Future.succeededFuture())
        .compose(
            v -> {
              List<Future<Void>> stopping = new ArrayList<>();
              held.values().forEach(s -> stopping.add(s.stop(null)));
              held.clear();
              return Future.join(stopping).mapEmpty();
            });
  }

  /** Records how far every stream got (only those that moved), so a restart resumes from there. */
  Future<Void> checkpoint() {
    List<StoredStream> progress = new ArrayList<>();
    for (HeldStream s : held.values()) {
      StoredStream now = s.record(s.lastSeq());
      if (!now.equals(s.persisted)) {
        progress.add(now);
      }
    }
    return save(progress);
  }

  private Future<Void> save(List<StoredStream> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    return store
        .saveAll(records)
        .onSuccess(
            v ->
                records.forEach(
                    r -> {
                      HeldStream s = held.get(r.key().canonical());
                      if (s != null) {
                        s.persisted = r;
                      }
                    }));
  }

  /** How a subscription is deleted once its stream stopped. */
  private interface Deleter {
    Future<Void> delete(StreamKey key, long subscriptionId);
  }

  /** One running upstream and what the store last recorded of it. */
  private final class HeldStream implements Handle {
    private final StreamKey key;
    private final UpstreamStream upstream;
    private StoredStream persisted;

    HeldStream(StreamKey key, UpstreamStream upstream) {
      this.key = key;
      this.upstream = upstream;
    }

    Future<Void> start() {
      return upstream
          .start()
          .recover(err -> upstream.stop().transform(v -> Future.failedFuture(err)));
    }

    long lastSeq() {
      return upstream.lastSeq();
    }

    StoredStream record(long lastSeq) {
      Subscription sub = upstream.subscription();
      return new StoredStream(key, sub.id(), sub.streamKey(), lastSeq);
    }

    /** Stops the socket; with a deleter, the subscription is deleted too, and its record. */
    Future<Void> stop(Deleter deleter) {
      long id = subscriptionId();
      Future<Void> stopped = upstream.stop();
      // the record goes only with the subscription: one Ayla kept is resumed (and released) after a
      // restart
      return deleter == null
          ? stopped
          : stopped.compose(v -> deleter.delete(key, id)).compose(v -> store.delete(key));
    }

    @Override
    public long subscriptionId() {
      return upstream.subscription().id();
    }

    @Override
    public JsonObject stats() {
      return upstream.counters().toJson().put("state", upstream.state().name().toLowerCase());
    }

    @Override
    public Future<Void> rewind(long afterSeq) {
      return upstream.rewind(afterSeq);
    }

    @Override
    public Future<Void> release() {
      held.remove(key.canonical(), this);
      return stop(subscriptions::delete)
          .onFailure(
              err ->
                  LOG.warn(
                      "Deleting upstream subscription of {} failed: {}",
                      key.canonical(),
                      err.getMessage()));
    }
  }
}
