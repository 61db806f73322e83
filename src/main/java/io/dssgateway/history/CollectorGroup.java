package io.dssgateway.history;

import io.dssgateway.hub.Hub;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.StreamTap;
import io.dssgateway.hub.UpstreamProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collected streams ({@code history.streams}) and their storage. Each stream is held in the hub
 * for good (a subscriber that never leaves, shared with browsers asking for the same key) and tapped
 * below it by its {@link StreamCollector}. It is also the holder's {@link UpstreamProvider.ResumeFloor}: a
 * collected stream resumed after a restart reads from after its last <em>stored</em> seq, whatever
 * the holder checkpointed, so what was queued but not stored when the process stopped comes again.
 */
public final class CollectorGroup implements StreamTap.Registry, UpstreamProvider.ResumeFloor {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorGroup.class);
  private static final long RETRY_MIN_MILLIS = 1000;
  private static final long RETRY_MAX_MILLIS = 30_000;
  private static final long CLOSE_SECONDS = 5;

  private final Vertx vertx;
  private final HistoryConfig config;
  private final HistoryStore store;
  private final HistoryWriter writer;
  private final JsonLinesFiles files;
  private final Map<String, StreamCollector> byKey = new LinkedHashMap<>();
  private final String where;
  private Hub hub;
  private boolean closed;

  public CollectorGroup(
      Vertx vertx, HistoryConfig config, List<StreamKey> keys, HistoryObserver observer) {
    this.vertx = vertx;
    this.config = config;
    this.where = HistoryDatabase.describe(config);
    this.store = HistoryDatabase.open(vertx, config);
    this.files =
        config.jsonlDir() == null
            ? null
            : new JsonLinesFiles(vertx, Path.of(config.jsonlDir()), config.jsonlMaxBytes());
    this.writer = new HistoryWriter(vertx, store, files, config, observer);
    for (StreamKey key : keys) {
      byKey.put(
          key.canonical(),
          new StreamCollector(key, writer, store, config.resumeMaxEvents(), observer));
    }
    writer.onStored(
        batch ->
            byKey.values().forEach(c -> c.stored(batch, (key, after) -> hub.rewind(key, after))));
  }

  /**
   * Creates the schema and loads how far each stream got; before the hub starts (it resumes streams
   * from there), so an unreachable history database stops the start rather than resume blind.
   */
  public Future<Void> init() {
    return vertx
        .executeBlocking(
            () -> {
              HistoryDatabase.prepareFiles(config);
              return null;
            })
        .compose(v -> store.init())
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      HistoryDatabase.restrictFiles(config);
                      return null;
                    }))
        .compose(v -> store.progress())
        .<Void>map(
            progress -> {
              byKey.forEach((canonical, c) -> c.progress(progress.get(canonical)));
              return null;
            })
        .recover(
            err ->
                Future.failedFuture(
                    new IllegalStateException(
                        "The history database ("
                            + where
                            + ") is not usable: "
                            + err.getMessage()
                            + "; collected streams resume from what it stored, so the gateway does not start without it",
                        err)));
  }

  /** How many streams are collected (one per event type of each filter). */
  public int size() {
    return byKey.size();
  }

  /** Where history is stored, for logs (never a password). */
  public String where() {
    return where;
  }

  /** Holds every collected stream in the hub; one that fails to open is tried again, backing off. */
  public void start(Hub hub) {
    this.hub = hub;
    byKey.values().forEach(c -> collect(c, RETRY_MIN_MILLIS));
  }

  private void collect(StreamCollector c, long retryMillis) {
    if (closed) {
      return;
    }
    hub.collect(c.key())
        .onSuccess(v -> LOG.info("Collecting {}", c.key().canonical()))
        .onFailure(
            err -> {
              LOG.warn(
                  "Collected stream {} did not open ({}); trying again in {} ms",
                  c.key().canonical(),
                  err.getMessage(),
                  retryMillis);
              vertx.setTimer(
                  retryMillis, id -> collect(c, Math.min(RETRY_MAX_MILLIS, retryMillis * 2)));
            });
  }

  @Override
  public StreamTap tapFor(StreamKey key) {
    return byKey.get(key.canonical());
  }

  @Override
  public long resumeAfterAtMost(StreamKey key, long subscriptionId) {
    StreamCollector c = byKey.get(key.canonical());
    return c == null ? Long.MAX_VALUE : c.resumeAfterAtMost(subscriptionId);
  }

  public HistoryStore store() {
    return store;
  }

  public long lagBytes() {
    return writer.lagBytes();
  }

  public int lagEvents() {
    return writer.lagEvents();
  }

  /** After the hub closed: stores what is queued (a bounded wait), then closes files and database. */
  public Future<Void> close() {
    Future<Void> drained =
        hub == null
            ? Future.succeededFuture()
            : hub.onHubContext(
                () -> {
                  closed = true;
                  return writer
                      .drain()
                      .timeout(CLOSE_SECONDS, TimeUnit.SECONDS)
                      .recover(
                          err -> {
                            LOG.warn(
                                "History: {} events not stored at shutdown; the streams resume from the last stored seq",
                                writer.lagEvents());
                            return Future.succeededFuture();
                          })
                      .eventually(
                          () -> {
                            writer.stop();
                            return Future.succeededFuture();
                          });
                });
    return drained
        .eventually(() -> files == null ? Future.succeededFuture() : files.close())
        .eventually(store::close);
  }
}
