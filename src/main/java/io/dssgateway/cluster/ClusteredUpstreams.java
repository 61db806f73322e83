package io.dssgateway.cluster;

import io.dssgateway.common.SecretBox;
import io.dssgateway.holder.AylaSubscriptions;
import io.dssgateway.holder.UpstreamFactory;
import io.dssgateway.hub.StreamErrors;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.upstream.Subscription;
import io.dssgateway.upstream.UpstreamStream;
import io.dssgateway.vertx.ClusterManagers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds streams for a cluster of replicas: exactly one member holds each stream's Ayla subscription
 * and DSS socket, recorded in a cluster-wide registry (claimed with put-if-absent, changed only by
 * compare-and-set), and publishes its events on the event bus to every replica reading it. A
 * periodic reconcile on each replica checkpoints what it holds, takes over streams whose holder
 * died or drained (when it reads them), and retires a stream nobody in the cluster reads any more
 * (deleting its Ayla subscription). Runs on the hub's context.
 */
public final class ClusteredUpstreams implements UpstreamProvider {

  private static final Logger LOG = LoggerFactory.getLogger(ClusteredUpstreams.class);
  private static final long RECONCILE_MILLIS = 500;
  private static final long OPEN_WAIT_MILLIS = 30_000;
  private static final String REGISTRY = "dss.streams";

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final UpstreamFactory factory;
  private final AylaSubscriptions subscriptions;
  private final SecretBox secrets;
  private final int backfill;
  private final long
      ringBytes; // per held stream, beside the count bound (hub.replay-events): hub.replay-bytes
  private final ClusterObserver observer;
  private final Addresses addresses = new Addresses();
  private final Map<String, SharedStream> reading = new HashMap<>();
  private final Map<String, HeldUpstream> holding =
      new java.util.concurrent.ConcurrentHashMap<>(); // sized by metrics from any thread
  private final Map<String, String> holders = new HashMap<>();
  private final Set<Future<Void>> starting =
      new HashSet<>(); // holds not yet recorded, awaited on close
  private StreamRegistry registry;
  private int membersSeen;
  private long timer = -1;
  private int rounds;
  private boolean closed;

  /** @param backfill events before the recorded seq a new holder fetches again, so no reader misses one */
  public ClusteredUpstreams(
      Vertx vertx,
      UpstreamFactory factory,
      AylaSubscriptions subscriptions,
      SecretBox secrets,
      int backfill,
      long ringBytes,
      ClusterObserver observer) {
    this.ringBytes = ringBytes;
    this.vertx = vertx;
    this.cluster = ClusterManagers.of(vertx);
    this.factory = factory;
    this.subscriptions = subscriptions;
    this.secrets = secrets;
    this.backfill = backfill;
    this.observer = observer;
  }

  /** Nothing to reopen: the registry outlives any one replica, and survivors take over its streams. */
  @Override
  public Future<List<StreamKey>> start() {
    return vertx
        .sharedData()
        .<String, String>getClusterWideMap(REGISTRY)
        .map(
            map -> {
              registry = new StreamRegistry(map);
              timer = vertx.setPeriodic(RECONCILE_MILLIS, id -> reconcile());
              return List.of();
            });
  }

  @Override
  public Future<Handle> open(StreamKey key, Listener listener) {
    String canonical = key.canonical();
    SharedStream stream = new SharedStream(key, listener, vertx, addresses, observer, this);
    reading.put(canonical, stream);
    return stream
        .subscribe()
        .compose(v -> registry.claim(StreamRecord.claimedBy(key, me())))
        .compose(
            record ->
                record.equals(StreamRecord.claimedBy(key, me())) ? hold(record) : join(record))
        .compose(v -> awaitOpened(canonical, System.currentTimeMillis() + OPEN_WAIT_MILLIS))
        .compose(record -> stream.begin(record.subscriptionId()))
        .<Handle>map(stream)
        .recover(
            err -> {
              reading.remove(canonical, stream);
              return stream
                  .close()
                  .transform(v -> Future.failedFuture(AylaSubscriptions.toHttpError(err)));
            });
  }

  /** Joins a stream someone recorded: as a reader, and as its holder if the holder is gone. */
  private Future<Void> join(StreamRecord seen) {
    List<String> members = cluster.getNodes();
    return registry
        .update(
            seen.key().canonical(),
            r ->
                Optional.of(
                    r.vacantOrHeldOutside(members)
                        ? r.withReader(me()).withHolder(me())
                        : r.withReader(me())))
        .compose(
            after ->
                after.isPresent()
                        && after.get().holder().equals(me())
                        && !seen.holder().equals(me())
                    ? takeOver(after.get())
                    : Future.succeededFuture());
  }

  private Future<Void> takeOver(StreamRecord record) {
    observer.handover();
    LOG.info(
        "Taking over upstream {} (holder was {})",
        record.key().canonical(),
        record.holder().isEmpty() ? "vacant" : "gone");
    return hold(record);
  }

  /**
   * Runs the upstream for the cluster: resumes the recorded subscription, or creates one. A
   * subscription created here and not recorded when the hold fails (or another member holds the
   * stream by then) is deleted: nobody else knows of it, so nobody else could.
   */
  private Future<Void> hold(StreamRecord record) {
    StreamKey key = record.key();
    String canonical = key.canonical();
    if (holding.containsKey(canonical)) {
      return Future.succeededFuture();
    }
    HeldUpstream held =
        new HeldUpstream(
            key,
            vertx.eventBus(),
            addresses.events(key),
            addresses.health(key),
            backfill,
            ringBytes,
            observer);
    holding.put(canonical, held);
    long fromSeq = record.opened() ? Math.max(0, record.lastSeq() - backfill) : 0;
    Future<Subscription> subscription =
        record.opened()
            ? Future.succeededFuture(
                new Subscription(
                    record.subscriptionId(),
                    secrets.open(record.sealedStreamKey()),
                    factory.spec(key)))
            : subscriptions.create(key);
    Future<Void> holdingUp =
        subscription
            .compose(
                sub -> {
                  held.onSubscription(sub.id(), fromSeq);
                  return held.start(
                          l -> {
                            UpstreamStream upstream =
                                factory.stream(
                                    sub, fromSeq, l, () -> subscriptions.create(key), false);
                            return record.opened() ? upstream.resumedFromRecord() : upstream;
                          },
                          addresses.replay(key))
                      .compose(
                          v ->
                              registry.update(
                                  canonical,
                                  r ->
                                      r.holder().equals(me())
                                          ? Optional.of(
                                              r.withSubscription(
                                                  sub.id(),
                                                  record.opened() && r.subscriptionId() == sub.id()
                                                      ? r.sealedStreamKey()
                                                      : secrets.seal(sub.streamKey()),
                                                  Math.max(r.lastSeq(), fromSeq)))
                                          : Optional.empty()))
                      .compose(
                          after ->
                              after.isPresent()
                                      && after.get().holder().equals(me())
                                      && after.get().subscriptionId() == sub.id()
                                  ? Future.<Void>succeededFuture()
                                  : Future.failedFuture("another member holds the stream"))
                      .recover(
                          err ->
                              held.stop() // first: a live socket would recreate a subscription
                                  // deleted under it
                                  .eventually(
                                      () ->
                                          record.opened()
                                              ? Future.succeededFuture()
                                              : subscriptions.delete(key, sub.id()))
                                  .transform(v -> Future.failedFuture(err)));
                })
            .recover(
                err -> {
                  LOG.warn("Holding upstream {} failed: {}", canonical, err.getMessage());
                  holding.remove(canonical, held);
                  return vacate(canonical, record.opened())
                      .transform(v -> Future.failedFuture(err));
                });
    starting.add(holdingUp);
    holdingUp.onComplete(ar -> starting.remove(holdingUp));
    return holdingUp;
  }

  /** Gives up holding: the record goes vacant (or, never opened, away) for another member to try. */
  private Future<Void> vacate(String canonical, boolean opened) {
    return registry
        .update(
            canonical,
            r ->
                r.holder().equals(me())
                    ? Optional.of(r.withHolder(StreamRecord.VACANT))
                    : Optional.empty())
        .compose(
            after ->
                !opened
                        && after.isPresent()
                        && !after.get().opened()
                        && after.get().holder().isEmpty()
                    ? registry.removeIf(after.get()).mapEmpty()
                    : Future.<Void>succeededFuture());
  }

  private Future<StreamRecord> awaitOpened(String canonical, long deadline) {
    return registry
        .get(canonical)
        .compose(
            record -> {
              if (record.isEmpty()) {
                return Future.failedFuture(
                    StreamErrors.streamClosed("The stream closed while opening; retry"));
              }
              if (record.get().opened()) {
                return Future.succeededFuture(record.get());
              }
              if (System.currentTimeMillis() > deadline || closed) {
                return Future.failedFuture(StreamErrors.upstreamTimeout());
              }
              Promise<StreamRecord> later = Promise.promise();
              vertx.setTimer(100, id -> awaitOpened(canonical, deadline).onComplete(later));
              return later.future();
            });
  }

  /** This replica no longer reads the stream; its holder retires it once no member does. */
  Future<Void> release(SharedStream stream) {
    String canonical = stream.key().canonical();
    reading.remove(canonical, stream);
    return stream
        .close()
        .compose(v -> registry.update(canonical, r -> Optional.of(r.withoutReader(me()))))
        .mapEmpty();
  }

  /** Shutdown: close every socket held here and leave the records vacant, so readers elsewhere take over. */
  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    vertx.cancelTimer(timer);
    if (cluster.getNodes().size() <= 1) {
      return closeAsLastMember();
    }
    List<Future<?>> leaving = new ArrayList<>();
    for (HeldUpstream held : new ArrayList<>(holding.values())) {
      long lastSeq = held.upstream().lastSeq();
      leaving.add(
          held.stop()
              .compose(
                  v ->
                      registry.update(
                          held.key().canonical(),
                          r ->
                              Optional.of(
                                  r.holder().equals(me())
                                      ? r.withHolder(StreamRecord.VACANT)
                                          .withSubscription(
                                              r.subscriptionId(),
                                              r.sealedStreamKey(),
                                              Math.max(r.lastSeq(), lastSeq))
                                          .withoutReader(me())
                                      : r.withoutReader(me())))));
    }
    for (SharedStream stream : new ArrayList<>(reading.values())) {
      leaving.add(
          stream
              .close()
              .compose(
                  v ->
                      registry.update(
                          stream.key().canonical(), r -> Optional.of(r.withoutReader(me())))));
    }
    holding.clear();
    reading.clear();
    starting.forEach(f -> leaving.add(f.otherwiseEmpty()));
    return Future.join(leaving).mapEmpty();
  }

  /**
   * The last member going: the registry goes with it and nobody could resume what it lists, so
   * every stream is stopped and its Ayla subscription deleted rather than leaked.
   */
  private Future<Void> closeAsLastMember() {
    List<Future<?>> stopping = new ArrayList<>();
    holding.values().forEach(h -> stopping.add(h.stop()));
    reading.values().forEach(r -> stopping.add(r.close()));
    holding.clear();
    reading.clear();
    starting.forEach(f -> stopping.add(f.otherwiseEmpty()));
    return Future.join(stopping)
        .compose(v -> registry.keys())
        .compose(
            keys ->
                Future.join(
                    keys.stream()
                        .map(
                            k ->
                                registry
                                    .get(k)
                                    .compose(
                                        found ->
                                            found.isPresent() && found.get().opened()
                                                ? subscriptions
                                                    .delete(
                                                        found.get().key(),
                                                        found.get().subscriptionId())
                                                    .compose(x -> registry.removeIf(found.get()))
                                                : Future.succeededFuture()))
                        .toList()))
        .<Void>mapEmpty()
        .onFailure(
            err -> LOG.warn("Retiring streams as the last member failed: {}", err.getMessage()));
  }

  private void reconcile() {
    if (closed) {
      return;
    }
    List<String> members = cluster.getNodes();
    if (members.size() != membersSeen) {
      membersSeen = members.size();
      LOG.info("Cluster members: {}", membersSeen);
    }
    Set<String> mine = new HashSet<>(reading.keySet());
    mine.addAll(holding.keySet());
    for (String canonical : mine) {
      registry
          .get(canonical)
          .onSuccess(record -> reconcile(canonical, record, members))
          .onFailure(
              err -> LOG.debug("Registry read failed for {}: {}", canonical, err.getMessage()));
    }
    if (++rounds % 10 == 0) {
      new OrphanSweep(registry, subscriptions, this::me).sweep(members, mine);
    }
  }

  private void reconcile(String canonical, Optional<StreamRecord> found, List<String> members) {
    HeldUpstream held = holding.get(canonical);
    SharedStream stream = reading.get(canonical);
    if (held == null && stream == null) {
      holders.remove(canonical);
      return;
    }
    if (found.isEmpty()) {
      if (held != null) {
        stopHolding(held, 0); // retired elsewhere
      }
      if (stream != null) {
        registry
            .claim(
                StreamRecord.claimedBy(stream.key(), me())) // gone while read here: start it again
            .compose(r -> r.equals(StreamRecord.claimedBy(stream.key(), me())) ? hold(r) : join(r));
      }
      return;
    }
    StreamRecord record = found.get();
    holders.put(canonical, record.holder());
    if (held != null && !record.holder().equals(me())) {
      stopHolding(
          held,
          record
              .subscriptionId()); // another member holds it (a merge after a split): one socket per
      // stream
    } else if (held != null && held.upstream() != null) {
      checkpointOrRetire(held, record, members, stream != null);
    } else if (stream != null && record.vacantOrHeldOutside(members)) {
      registry
          .update(
              canonical,
              r ->
                  r.vacantOrHeldOutside(members)
                      ? Optional.of(r.withHolder(me()).withReader(me()))
                      : Optional.empty())
          .compose(
              after ->
                  after.isPresent() && after.get().holder().equals(me())
                      ? takeOver(after.get())
                      : Future.succeededFuture());
    }
  }

  private void checkpointOrRetire(
      HeldUpstream held, StreamRecord record, List<String> members, boolean readHere) {
    String canonical = record.key().canonical();
    StreamRecord alive = record.withReadersIn(members);
    if (alive.readers().isEmpty() && !readHere) {
      registry
          .removeIf(record)
          .onSuccess(
              removed -> {
                if (removed) {
                  holding.remove(canonical, held);
                  held.stop()
                      .compose(v -> subscriptions.delete(record.key(), record.subscriptionId()))
                      .onFailure(
                          err ->
                              LOG.warn(
                                  "Deleting the subscription of {} failed: {}",
                                  canonical,
                                  err.getMessage()));
                }
              });
      return;
    }
    UpstreamStream upstream = held.upstream();
    Subscription now = upstream.subscription();
    long seq = upstream.lastSeq();
    registry.update(
        canonical,
        r -> {
          if (!r.holder().equals(me())) {
            return Optional.empty();
          }
          String sealed =
              r.subscriptionId() == now.id() ? r.sealedStreamKey() : secrets.seal(now.streamKey());
          long recorded = r.subscriptionId() == now.id() ? Math.max(r.lastSeq(), seq) : seq;
          return Optional.of(r.withSubscription(now.id(), sealed, recorded).withReadersIn(members));
        });
  }

  /**
   * Stops a socket this member should no longer run. Its subscription, unless it is the one the
   * registry records (which the recorded holder runs, or its retirer deleted), is known to nobody
   * else, so it is deleted here rather than left in Ayla for good.
   */
  private void stopHolding(HeldUpstream held, long recordedSubscriptionId) {
    holding.remove(held.key().canonical(), held);
    long ours =
        held.upstream() == null || held.upstream().subscription() == null
            ? 0
            : held.upstream().subscription().id();
    boolean unrecorded = ours > 0 && ours != recordedSubscriptionId;
    held.stop()
        .compose(
            v ->
                unrecorded
                    ? subscriptions.delete(held.key(), ours)
                    : Future.<Void>succeededFuture())
        .onSuccess(
            v -> {
              if (unrecorded) {
                LOG.info(
                    "Stopped holding {}: its subscription {} was not the recorded one, deleted",
                    held.key().canonical(),
                    ours);
              }
            })
        .onFailure(
            err ->
                LOG.warn(
                    "Deleting the unrecorded subscription of {} failed: {}",
                    held.key().canonical(),
                    err.getMessage()));
  }

  JsonObject stats(StreamKey key) {
    HeldUpstream held = holding.get(key.canonical());
    JsonObject stats =
        held == null
            ? new JsonObject().put("state", "reading")
            : held.upstream()
                .counters()
                .toJson()
                .put("state", held.upstream().state().name().toLowerCase());
    String holder = held != null ? me() : holders.getOrDefault(key.canonical(), "");
    return stats.put("holder", holder).put("held_here", held != null).put("member", me());
  }

  /** Streams whose DSS socket runs in this process. */
  public int heldHere() {
    return holding.size();
  }

  private String me() {
    return cluster.getNodeId();
  }
}
