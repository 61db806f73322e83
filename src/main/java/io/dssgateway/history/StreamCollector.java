package io.dssgateway.history;

import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.StreamTap;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collected stream, tapped below the hub: takes each event once, in seq order, into the
 * {@link HistoryWriter}. When the writer is full it pauses (takes nothing); once storing caught up
 * it has the upstream read again after the last stored seq and takes only the next seq until it
 * arrives, so nothing is lost and nothing is taken twice. Seqs the upstream skipped (it no longer
 * had them when asked) go with the next event as {@link LostSeqs}, so they are on record before
 * the progress passes them. Runs on the hub's context.
 */
final class StreamCollector implements StreamTap {

  private static final Logger LOG = LoggerFactory.getLogger(StreamCollector.class);

  enum State {
    FOLLOWING,
    PAUSED,
    CATCHING_UP
  }

  /** How a collector has its stream read again. */
  interface Rewinder {
    Future<Void> rewind(StreamKey key, long afterSeq);
  }

  private final StreamKey key;
  private final String stream;
  private final HistoryWriter writer;
  private final HistoryStore store;
  private final int resumeMax;
  private final HistoryObserver observer;
  private HistoryStore.Progress progress; // as stored: what the last batch of this stream committed
  private long subscriptionId = -1;
  private long accepted; // the last seq queued or stored
  private long stored; // the last seq stored (of the current subscription)
  private State state = State.FOLLOWING;
  private boolean rewinding;

  StreamCollector(
      StreamKey key,
      HistoryWriter writer,
      HistoryStore store,
      int resumeMax,
      HistoryObserver observer) {
    this.key = key;
    this.stream = key.canonical();
    this.writer = writer;
    this.store = store;
    this.resumeMax = resumeMax;
    this.observer = observer;
  }

  StreamKey key() {
    return key;
  }

  void progress(HistoryStore.Progress stored) {
    this.progress = stored;
  }

  /** The highest seq of the subscription it is safe to resume after: the last stored (0 when none of it is). */
  long resumeAfterAtMost(long subscription) {
    return progress != null && progress.subscriptionId() == subscription ? progress.lastSeq() : 0;
  }

  @Override
  public void onSubscription(long id, long resumesAfterSeq) {
    subscriptionId = id;
    accepted =
        progress != null && progress.subscriptionId() == id ? progress.lastSeq() : resumesAfterSeq;
    stored = accepted;
    state = State.FOLLOWING;
  }

  @Override
  public void onResubscribed(long newSubscriptionId) {
    LOG.warn(
        "Collected stream {}: Ayla recreated its subscription ({}); a new seq space starts",
        stream,
        newSubscriptionId);
    subscriptionId = newSubscriptionId;
    accepted = 0;
    stored = 0;
    state = State.FOLLOWING;
  }

  @Override
  public void onEvent(long subscription, StreamEvent event) {
    if (subscription != subscriptionId) {
      onResubscribed(subscription);
    }
    if (state == State.PAUSED || event.seq() <= accepted) {
      return;
    }
    LostSeqs lost = null;
    if (event.seq() != accepted + 1) {
      if (state == State.CATCHING_UP) {
        return; // live events still in flight before the re-read starts at accepted + 1
      }
      lost = new LostSeqs(accepted + 1, event.seq() - 1, LostSeqs.UPSTREAM_SKIPPED, key.filter());
    }
    if (!writer.offer(ArchivedEvent.of(stream, subscription, event, lost))) {
      state = State.PAUSED;
      observer.paused();
      LOG.warn(
          "Collected stream {}: storing lags past history.max-lag-bytes; paused after seq {}",
          stream,
          accepted);
      return;
    }
    if (lost != null) {
      LOG.warn(
          "Collected stream {}: the upstream skipped seq {}..{} ({} events); recorded in history as lost",
          stream,
          lost.fromSeq(),
          lost.toSeq(),
          lost.count());
    }
    accepted = event.seq();
    state = State.FOLLOWING;
  }

  /** After any stored batch: the progress it made here, and whether a paused stream may read again. */
  void stored(List<ArchivedEvent> batch, Rewinder rewinder) {
    for (ArchivedEvent a : batch) {
      if (a.stream().equals(stream)) {
        progress = new HistoryStore.Progress(a.subscriptionId(), a.seq());
        if (a.subscriptionId() == subscriptionId) {
          stored = a.seq();
        }
      }
    }
    if (state == State.PAUSED && !rewinding && writer.hasRoom() && stored == accepted) {
      rewinding = true;
      state = State.CATCHING_UP; // from now on only accepted + 1, which the re-read starts with
      LOG.info(
          "Collected stream {}: storing caught up; reading the upstream again after seq {}",
          stream,
          accepted);
      rewinder
          .rewind(key, accepted)
          .onComplete(
              ar -> {
                rewinding = false;
                if (ar.failed() && state == State.CATCHING_UP) {
                  state = State.PAUSED;
                  LOG.warn(
                      "Collected stream {}: reading the upstream again failed ({}); tried again after the next batch",
                      stream,
                      ar.cause().getMessage());
                }
              });
    }
  }

  @Override
  public Future<StreamTap.Archive> since(long subscription, long afterSeq) {
    return since(subscription, new ResumeRead(afterSeq, resumeMax), 3);
  }

  /**
   * Stored events and holes, then queued ones. The queue is looked at as the read starts (what is
   * not in it then was stored before, so the read finds it) and again as it ends (what arrived
   * meanwhile); events stored during the read show up twice and count once. A stream still ahead
   * (a batch stored between the two looks) is read again from there, a few times at most.
   */
  private Future<StreamTap.Archive> since(long subscription, ResumeRead read, int tries) {
    long after = read.last();
    List<ArchivedEvent> queuedBefore = writer.pending(stream, subscription, after);
    return store
        .since(subscription, after, read.room())
        .compose(
            stored -> {
              read.holes(stored.missing());
              stored.events().forEach(e -> read.add(e, null));
              if (subscription != subscriptionId) {
                return Future.succeededFuture(read.archive());
              }
              queuedBefore.forEach(a -> read.add(a.event(), a.lostBefore()));
              writer
                  .pending(stream, subscription, read.last())
                  .forEach(a -> read.add(a.event(), a.lostBefore()));
              if (read.last() < accepted && read.room() > 0 && tries > 1) {
                return since(subscription, read, tries - 1);
              }
              return Future.succeededFuture(read.archive());
            });
  }
}
