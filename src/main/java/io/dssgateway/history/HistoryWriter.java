package io.dssgateway.history;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue between collected streams and storage: events wait here, bounded in bytes, while one
 * batch at a time is written (files first, then the database transaction); whatever arrives during
 * a write becomes the next batch. A failed batch stays at the head and is written again after a
 * growing pause (the sinks are idempotent), so a slow or stopped database only makes the queue
 * grow, up to its bound; {@link #offer} then refuses and the collector pauses. Runs on the context
 * that offers (the hub's); nothing here waits.
 */
final class HistoryWriter {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryWriter.class);
  private static final long MAX_RETRY_MILLIS = 30_000;

  private final Vertx vertx;
  private final HistoryStore store;
  private final JsonLinesFiles files;
  private final HistoryConfig config;
  private final HistoryObserver observer;
  private final ArrayDeque<ArchivedEvent> queue = new ArrayDeque<>();
  private Consumer<List<ArchivedEvent>> onStored = batch -> {};
  private volatile long queuedBytes;
  private volatile int queuedEvents;
  private boolean writing;
  private long retryTimer = -1;
  private long retryMillis;
  private Promise<Void> drained;

  /** @param files null when no JSON-lines files are written */
  HistoryWriter(
      Vertx vertx,
      HistoryStore store,
      JsonLinesFiles files,
      HistoryConfig config,
      HistoryObserver observer) {
    this.vertx = vertx;
    this.store = store;
    this.files = files;
    this.config = config;
    this.observer = observer;
  }

  /** Called after each stored batch, with it. */
  void onStored(Consumer<List<ArchivedEvent>> listener) {
    this.onStored = listener;
  }

  /** Queues an event; false when the lag bound would be passed (nothing queued). */
  boolean offer(ArchivedEvent event) {
    if (queuedBytes + event.bytes() > config.maxLagBytes() && !queue.isEmpty()) {
      return false;
    }
    queue.add(event);
    queuedBytes += event.bytes();
    queuedEvents++;
    writeNext();
    return true;
  }

  /** Below half the bound: a paused stream may read again. */
  boolean hasRoom() {
    return queuedBytes < config.maxLagBytes() / 2;
  }

  long lagBytes() {
    return queuedBytes;
  }

  int lagEvents() {
    return queuedEvents;
  }

  /** The queued events (not stored yet) of a stream's subscription after a seq, oldest first. */
  List<ArchivedEvent> pending(String stream, long subscriptionId, long afterSeq) {
    List<ArchivedEvent> out = new ArrayList<>();
    for (ArchivedEvent a : queue) {
      if (a.subscriptionId() == subscriptionId && a.seq() > afterSeq && a.stream().equals(stream)) {
        out.add(a);
      }
    }
    return out;
  }

  /** Completes when the queue is empty (or at once if it is); for shutdown. */
  Future<Void> drain() {
    if (queue.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  void stop() {
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  private void writeNext() {
    if (writing || retryTimer >= 0 || queue.isEmpty()) {
      return;
    }
    writing = true;
    List<ArchivedEvent> batch = new ArrayList<>(Math.min(queue.size(), config.batchEvents()));
    Iterator<ArchivedEvent> it = queue.iterator();
    while (it.hasNext() && batch.size() < config.batchEvents()) {
      batch.add(it.next());
    }
    long started = System.nanoTime();
    Future<Void> inFiles =
        files == null
            ? Future.succeededFuture()
            : files.write(batch).onFailure(err -> failed("files", err));
    inFiles
        .compose(v -> store.write(batch).onFailure(err -> failed("database", err)))
        .onComplete(
            ar -> {
              writing = false;
              if (ar.succeeded()) {
                stored(batch, System.nanoTime() - started);
              } else {
                retryMillis =
                    retryMillis == 0
                        ? config.retryMillis()
                        : Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
                retryTimer =
                    vertx.setTimer(
                        retryMillis,
                        id -> {
                          retryTimer = -1;
                          writeNext();
                        });
              }
            });
  }

  private void stored(List<ArchivedEvent> batch, long nanos) {
    if (retryMillis > 0) {
      LOG.info("History storing works again ({} events waiting)", queue.size());
      retryMillis = 0;
    }
    long bytes = 0;
    for (int i = 0; i < batch.size(); i++) {
      bytes += queue.poll().bytes();
    }
    queuedBytes -= bytes;
    queuedEvents -= batch.size();
    observer.batchStored(batch.size(), nanos);
    long lost =
        batch.stream()
            .filter(a -> a.lostBefore() != null)
            .mapToLong(a -> a.lostBefore().count())
            .sum();
    if (lost > 0) {
      observer.lost(lost);
    }
    onStored.accept(batch);
    if (queue.isEmpty() && drained != null) {
      drained.complete();
      drained = null;
    }
    writeNext();
  }

  private void failed(String sink, Throwable err) {
    observer.sinkError(sink);
    if (retryMillis == 0) { // once per outage, not per retry
      LOG.warn(
          "History {} write failed ({}); {} events wait, written again when it works: {}",
          sink,
          err.getClass().getSimpleName(),
          queue.size(),
          err.getMessage());
    }
  }
}
