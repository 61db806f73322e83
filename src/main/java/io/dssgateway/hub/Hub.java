package io.dssgateway.hub;

import io.dssgateway.common.HttpError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of shared upstream streams. Browsers asking for the same canonical key share one
 * stream; a request whose filter is covered by a live stream's is served from it. The first
 * attach opens the upstream once (others wait on the same future; a failure rolls back); the last
 * leave starts a linger, after which the upstream closes and its subscription is deleted.
 * Every method hops to the hub's own context, so the registry needs no locks.
 */
public final class Hub {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  /** What a subscriber holds while attached; give it back to {@link #detach}. */
  public record Attachment(List<HubStream> streams, Channel channel) {
  }

  private final Vertx vertx;
  private final Context context;
  private final UpstreamProvider provider;
  private final StreamStore store;
  private final HubConfig config;
  private final HubStream.EventCounter counter;
  private final Map<String, HubStream> streams = new HashMap<>();
  /** What the store holds per stream: subscription and seq (a recreated subscription restarts its seqs). */
  private final Map<String, List<Long>> persisted = new HashMap<>();
  private Map<String, long[]> activity = new HashMap<>();
  private boolean closed;
  private volatile int[] stateCounts = new int[HubStream.State.values().length];

  public Hub(Vertx vertx, UpstreamProvider provider, StreamStore store, HubConfig config, HubStream.EventCounter counter) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.provider = provider;
    this.store = store;
    this.config = config;
    this.counter = counter;
  }

  /**
   * Attaches a subscriber to one stream per key. When every stream is open, the channel gets one
   * {@code joined} message (replay included) before any later event, then the future completes.
   */
  public Future<Attachment> attach(List<StreamKey> keys, Cursor cursor, Channel channel, Object subscriber) {
    return attach(keys, cursor, channel, subscriber, 1);
  }

  private Future<Attachment> attach(List<StreamKey> keys, Cursor cursor, Channel channel, Object subscriber, int retries) {
    return onHub(() -> {
      if (closed) {
        return Future.failedFuture(new HttpError(503, "shutting_down", "The gateway is shutting down"));
      }
      List<Future<HubStream>> opening = new ArrayList<>();
      for (StreamKey key : keys) {
        // a browser waits a bounded time; the open goes on and lingers out if nobody comes
        opening.add(streamFor(key, cursor).timeout(config.openWaitMillis(), TimeUnit.MILLISECONDS)
            .recover(err -> Future.failedFuture(err instanceof java.util.concurrent.TimeoutException
                ? new HttpError(504, "upstream_timeout", "The Ayla stream did not open in time; retry") : err)));
      }
      // join, not all: every stream that did open must be known before giving up on the others
      return Future.join(opening).transform(done -> onHub(() -> {
        List<HubStream> opened = new ArrayList<>();
        Throwable failure = null;
        for (Future<HubStream> f : opening) {
          if (f.succeeded()) {
            opened.add(f.result());
          } else if (failure == null) {
            failure = f.cause();
          }
        }
        if (failure == null && opened.stream().anyMatch(s -> s.state() == HubStream.State.CLOSED)) {
          if (retries > 0 && !closed) {
            // a linger ended between lookup and join: look up again (a fresh stream opens if needed)
            lingerUnread(opened);
            return attach(keys, cursor, channel, subscriber, retries - 1);
          }
          failure = new HttpError(503, "stream_closed", "The stream closed while attaching; retry");
        }
        if (failure != null) {
          lingerUnread(opened);
          return Future.failedFuture(failure);
        }
        List<HubStream> attached = new ArrayList<>();
        List<Channel.Joined> joined = new ArrayList<>();
        for (HubStream s : opened) {
          cancelLinger(s);
          attached.add(s);
          joined.add(s.join(channel, cursor));
        }
        channel.joined(subscriber, joined);
        return Future.succeededFuture(new Attachment(attached, channel));
      }));
    });
  }

  /** Streams opened for an attach that did not happen, read by nobody, linger out like any other. */
  private void lingerUnread(List<HubStream> opened) {
    opened.stream().filter(s -> s.refs() == 0 && s.state() == HubStream.State.LIVE).forEach(this::startLinger);
  }

  public void detach(Attachment attachment) {
    context.runOnContext(v -> attachment.streams().forEach(s -> {
      if (s.leave(attachment.channel()) == 0 && s.state() == HubStream.State.LIVE) {
        startLinger(s);
      }
    }));
  }

  /** The streams whose scope the caller may see, for {@code /api/streams}. */
  public Future<JsonArray> streams(Predicate<StreamKey> visible) {
    return onHub(() -> {
      JsonArray out = new JsonArray();
      streams.values().stream().filter(s -> visible.test(s.key()))
          .sorted(java.util.Comparator.comparing(s -> s.key().canonical()))
          .forEach(s -> out.add(s.info()));
      return Future.succeededFuture(out);
    });
  }

  /** Turns the streams' cumulative heartbeat and reconnect counters into deltas for the metrics. */
  private void reportUpstreamActivity() {
    long heartbeats = 0;
    long reconnects = 0;
    Map<String, long[]> seen = new HashMap<>();
    for (HubStream s : streams.values()) {
      if (s.handle() == null) {
        continue;
      }
      io.vertx.core.json.JsonObject stats = s.handle().stats();
      long[] now = {stats.getLong("heartbeats", 0L), stats.getLong("reconnects", 0L)};
      long[] before = activity.getOrDefault(s.key().canonical(), new long[2]);
      heartbeats += Math.max(0, now[0] - before[0]);
      reconnects += Math.max(0, now[1] - before[1]);
      seen.put(s.key().canonical(), now);
    }
    activity = seen;
    if (heartbeats > 0 || reconnects > 0) {
      counter.upstreamActivity(heartbeats, reconnects);
    }
  }

  /** Streams in a state, as of the last checkpoint (for metrics, from any thread). */
  public int countIn(HubStream.State state) {
    return stateCounts[state.ordinal()];
  }

  /**
   * Reopens every stream recorded before a restart; each lingers until a browser attaches. Does
   * not wait for them to be live: an unreachable Ayla must not keep the gateway from starting.
   */
  public Future<Integer> resumeStored() {
    return store.loadAll().compose(stored -> onHub(() -> {
      for (StoredStream s : stored) {
        open(s.key(), s); // lingers once open, until a browser attaches
      }
      return Future.succeededFuture(stored.size());
    }));
  }

  /** Persists how far every stream got (only those that moved), so a restart resumes from there. */
  public Future<Void> checkpoint() {
    return onHub(() -> {
      int[] counts = new int[HubStream.State.values().length];
      streams.values().forEach(s -> counts[s.state().ordinal()]++);
      stateCounts = counts;
      reportUpstreamActivity();
      List<StoredStream> progress = new ArrayList<>();
      for (HubStream s : streams.values()) {
        List<Long> progressNow = List.of(s.subscriptionId(), s.lastSeq());
        if (s.handle() != null && s.state() != HubStream.State.CLOSED && !progressNow.equals(persisted.get(s.key().canonical()))) {
          persisted.put(s.key().canonical(), progressNow);
          progress.add(new StoredStream(s.key(), s.subscriptionId(), s.handle().streamKey(), s.lastSeq()));
        }
      }
      return progress.isEmpty() ? Future.succeededFuture() : store.saveAll(progress);
    });
  }

  /**
   * Closes every upstream socket. On shutdown ({@code deleteSubscriptions=false}) the Ayla
   * subscriptions stay, recorded with their last seq, for this or another replica to resume.
   */
  public Future<Void> close(boolean deleteSubscriptions) {
    return checkpoint().recover(err -> Future.succeededFuture()).compose(v -> onHub(() -> {
      closed = true;
      List<Future<Void>> closing = new ArrayList<>();
      for (HubStream s : new ArrayList<>(streams.values())) {
        closing.add(closeStream(s, deleteSubscriptions));
      }
      return Future.join(closing).mapEmpty();
    }));
  }

  private Future<HubStream> streamFor(StreamKey key, Cursor cursor) {
    HubStream exact = streams.get(key.canonical());
    if (exact != null) {
      return exact.openedFuture();
    }
    HubStream covering = null;
    for (HubStream s : streams.values()) {
      if (s.state() != HubStream.State.CLOSED && s.key().covers(key)) {
        if (covering == null || cursor.seqFor(s.subscriptionId()) >= 0) {
          covering = s;
        }
      }
    }
    return covering != null ? covering.openedFuture() : open(key, null).openedFuture();
  }

  private HubStream open(StreamKey key, StoredStream resume) {
    HubStream stream = new HubStream(key, config.replayEvents(), counter);
    streams.put(key.canonical(), stream);
    long initialSeq = resume == null ? 0 : Math.max(0, resume.lastSeq() - config.replayEvents());
    StoredStream from = resume == null ? null : resume.withLastSeq(initialSeq);
    Future<HubStream> opened = provider.open(key, from, stream)
        .compose(handle -> onHub(() -> {
          if (stream.state() == HubStream.State.CLOSED) {
            // the hub closed while this was opening: keep a recorded subscription, delete a new one
            return handle.close(resume == null).transform(ar -> Future.<HubStream>failedFuture(
                new HttpError(503, "shutting_down", "The gateway is shutting down")));
          }
          stream.opened(handle, initialSeq);
          StoredStream record = new StoredStream(key, handle.subscriptionId(), handle.streamKey(), initialSeq);
          persisted.put(key.canonical(), List.of(handle.subscriptionId(), initialSeq));
          if (stream.refs() == 0) {
            startLinger(stream); // its browser gave up waiting (or it was resumed): linger like any other
          }
          return store.saveAll(List.of(record)).map(stream);
        }))
        .onFailure(err -> context.runOnContext(v -> {
          LOG.warn("Opening upstream {} failed: {}", key.canonical(), err.getMessage());
          streams.remove(key.canonical(), stream);
          stream.state(HubStream.State.CLOSED);
        }))
        .recover(err -> Future.failedFuture(err instanceof HttpError ? err
            : new HttpError(502, "upstream_unavailable", "The Ayla stream could not be opened: " + err.getMessage())));
    stream.openedFuture(opened);
    return stream;
  }

  private void startLinger(HubStream s) {
    cancelLinger(s);
    s.state(HubStream.State.LINGERING);
    s.lingerTimer(vertx.setTimer(Math.max(1, config.lingerMillis()), id -> {
      s.lingerTimer(-1);
      if (s.refs() == 0 && s.state() == HubStream.State.LINGERING) {
        closeStream(s, true);
      }
    }));
  }

  private void cancelLinger(HubStream s) {
    if (s.lingerTimer() >= 0) {
      vertx.cancelTimer(s.lingerTimer());
      s.lingerTimer(-1);
    }
    if (s.state() == HubStream.State.LINGERING) {
      s.state(HubStream.State.LIVE);
    }
  }

  private Future<Void> closeStream(HubStream s, boolean deleteSubscription) {
    cancelLinger(s);
    s.state(HubStream.State.CLOSED);
    streams.remove(s.key().canonical(), s);
    persisted.remove(s.key().canonical());
    if (s.handle() == null) {
      return Future.succeededFuture();
    }
    Future<Void> closing = s.handle().close(deleteSubscription);
    return deleteSubscription
        ? closing.eventually(() -> store.delete(s.key()))
            .onFailure(err -> LOG.warn("Closing upstream {} failed: {}", s.key().canonical(), err.getMessage()))
        : closing;
  }

  /** Runs the supplier on the hub's context and returns its future. */
  private <T> Future<T> onHub(java.util.function.Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }
}
