package io.dssgateway.cluster;

import io.dssgateway.common.Position;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream as this replica reads it, whoever holds it: bus frames from the holder go to the local
 * hub in seq order, each seq once. Joining late, or seeing a jump in seq, it asks the holder for
 * the missing frames (holding back live ones meanwhile) instead of skipping them.
 */
final class SharedStream implements UpstreamProvider.Handle {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedStream.class);
  private static final long REPLAY_TIMEOUT_MILLIS = 5000;
  private static final int MAX_REPAIRS = 3;

  /** Waits between asks while the holder's replay handler is not known here yet: ~1.3 s in all. */
  // under load a member was seen to learn of the holder's handler more than a second late
  private static final long[] NOT_KNOWN_YET_WAITS = {20, 40, 80, 160, 320, 640, 1000, 1000, 1000};

  private final StreamKey key;
  private final UpstreamProvider.Listener listener;
  private final Vertx vertx;
  private final Addresses addresses;
  private final ClusterObserver observer;
  private final ClusteredUpstreams owner; // its stats and release
  private final List<Buffer> heldBack = new ArrayList<>();
  private MessageConsumer<Buffer> consumer;
  private MessageConsumer<String> health;
  private final Position position = new Position();
  private boolean syncing = true;
  private long repairedAfter = -1;
  private int repairs;
  private boolean closed;

  SharedStream(
      StreamKey key,
      UpstreamProvider.Listener listener,
      Vertx vertx,
      Addresses addresses,
      ClusterObserver observer,
      ClusteredUpstreams owner) {
    this.key = key;
    this.listener = listener;
    this.vertx = vertx;
    this.addresses = addresses;
    this.observer = observer;
    this.owner = owner;
  }

  StreamKey key() {
    return key;
  }

  /** Starts receiving the holder's frames (held back until {@link #begin}). */
  Future<Void> subscribe() {
    consumer =
        vertx
            .eventBus()
            .consumer(
                addresses.events(key),
                msg -> {
                  observer.busEventIn();
                  onFrame(msg.body());
                });
    health =
        vertx
            .eventBus()
            .consumer(
                addresses.health(key),
                msg -> {
                  if (!closed) {
                    listener.onUpstream("live".equals(msg.body()));
                  }
                });
    return Future.all(consumer.completion(), health.completion()).mapEmpty();
  }

  /** The subscription is known: announce it, then take what the holder still has, then live frames. */
  Future<Void> begin(long subscription) {
    if (position.subscriptionId() == 0) {
      position.resume(subscription, 0);
      listener.onSubscription(subscription, 0);
    }
    return sync(0);
  }

  Future<Void> close() {
    closed = true;
    heldBack.clear();
    Future<Void> healthGone = health == null ? Future.succeededFuture() : health.unregister();
    return consumer == null ? healthGone : Future.all(consumer.unregister(), healthGone).mapEmpty();
  }

  private void onFrame(Buffer frame) {
    if (closed) {
      return;
    }
    if (syncing) {
      heldBack.add(frame);
      return;
    }
    BusEvent.Decoded d = BusEvent.decode(frame);
    // a jump, also right after joining: the holder may have published before it knew this replica
    boolean jump =
        d.subscriptionId() == position.subscriptionId() && d.event().seq() > position.lastSeq() + 1;
    if (jump && (repairedAfter != position.lastSeq() || repairs < MAX_REPAIRS)) {
      heldBack.add(frame);
      sync(position.lastSeq());
      return;
    }
    if (jump) {
      LOG.warn(
          "Stream {}: the holder could not send seqs {}..{} again; going on from {}",
          key.canonical(),
          position.lastSeq() + 1,
          d.event().seq() - 1,
          d.event().seq());
    }
    deliver(d);
  }

  /** Asks the holder for the frames after {@code seq}, delivers them, then the held-back live ones. */
  private Future<Void> sync(long seq) {
    syncing = true;
    repairs = seq == repairedAfter ? repairs + 1 : 1;
    repairedAfter = seq;
    return replay(seq, 0)
        .otherwise(
            err -> {
              // no holder answering (it is changing): live frames and the next repair will do
              LOG.info(
                  "Stream {}: asking the holder for the frames after seq {} failed: {}",
                  key.canonical(),
                  seq,
                  err.toString());
              return List.of();
            })
        .map(
            replayed -> {
              if (!closed) {
                replayed.forEach(this::deliver);
                syncing = false;
                List<Buffer> live = new ArrayList<>(heldBack);
                heldBack.clear();
                live.forEach(this::onFrame);
              }
              return null;
            });
  }

  /**
   * The holder's frames after {@code seq}. A member learns of another's bus handlers a moment after
   * they are registered: "no handler" from a holder that is already publishing is asked again, a
   * few times, before the frames are given up (which would skip them without a gap).
   */
  private Future<List<BusEvent.Decoded>> replay(long seq, int attempt) {
    return vertx
        .eventBus()
        .<Buffer>request(
            addresses.replay(key),
            String.valueOf(seq),
            new DeliveryOptions().setSendTimeout(REPLAY_TIMEOUT_MILLIS))
        .map(reply -> BusEvent.decodeAll(reply.body()))
        .recover(
            err -> {
              boolean notKnownYet =
                  err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS;
              if (!notKnownYet || closed || attempt >= NOT_KNOWN_YET_WAITS.length) {
                return Future.failedFuture(err);
              }
              Promise<List<BusEvent.Decoded>> again = Promise.promise();
              vertx.setTimer(
                  NOT_KNOWN_YET_WAITS[attempt], id -> replay(seq, attempt + 1).onComplete(again));
              return again.future();
            });
  }

  private void deliver(BusEvent.Decoded d) {
    Position.Arrival arrival = position.arrive(d.subscriptionId(), d.event().seq());
    if (arrival == Position.Arrival.FIRST) {
      listener.onSubscription(d.subscriptionId(), 0);
    } else if (arrival == Position.Arrival.RESUBSCRIBED) {
      listener.onResubscribed(d.subscriptionId());
    } else if (!arrival.isNew()) {
      return;
    }
    listener.onEvent(d.event());
  }

  long lastSeq() {
    return position.lastSeq();
  }

  @Override
  public long subscriptionId() {
    return position.subscriptionId();
  }

  @Override
  public JsonObject stats() {
    return owner.stats(key);
  }

  @Override
  public Future<Void> release() {
    return owner.release(this);
  }
}
