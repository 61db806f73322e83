package io.dssgateway.hub;

import io.dssgateway.common.HttpError;
import io.vertx.core.Future;
import io.dssgateway.common.CallerContext;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of shared streams on this replica. Subscribers asking for the same canonical key
 * share one stream; a request whose filter is covered by a live stream's is served from it. The
 * first attach asks the {@link UpstreamProvider} once (others wait on the same future; a failure
 * rolls back); when the last local subscriber leaves, a linger starts, after which the hub tells
 * the provider it no longer needs the stream. A deployed verticle: every method hops onto its
 * context, so the registry needs no locks.
 */
public final class Hub extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private static final long REPORT_MILLIS = 1000;

  /** What a subscriber holds while attached; give it back to {@link #detach}. */
  public record Attachment(List<HubStream> streams, Channel<?> channel) {
  }

  /** One subscriber's request: the streams it reads, where it resumes, and how to reach it. */
  public record Attach<S>(List<StreamKey> keys, Cursor cursor, Channel<S> channel, S subscriber) {
  }

  private final UpstreamProvider provider;
  private final HubConfig config;
  private final HubStream.EventCounter counter;
  private final EventFormat format;
  private final StreamTap.Registry taps;
  private final Map<String, HubStream> streams = new HashMap<>();
  private final UpstreamActivity activity;
  private boolean closed;
  private volatile int[] stateCounts = new int[HubStream.State.values().length];

  public Hub(UpstreamProvider provider, HubConfig config, HubStream.EventCounter counter, EventFormat format) {
    this(provider, config, counter, format, StreamTap.Registry.NONE);
  }

  /** @param taps the streams read below the hub (collected streams), looked up as each stream is created */
  public Hub(UpstreamProvider provider, HubConfig config, HubStream.EventCounter counter, EventFormat format, StreamTap.Registry taps) {
    this.provider = provider;
    this.taps = taps;
    this.config = config;
    this.counter = counter;
    this.format = format;
    this.activity = new UpstreamActivity(counter);
  }

  /**
   * Reopens every stream the provider held before this process started; each lingers until a
   * subscriber attaches. Does not wait for them to be live: an unreachable Ayla must not keep the
   * gateway from starting.
   */
  @Override
  public Future<?> start() {
    vertx.setPeriodic(REPORT_MILLIS, id -> report());
    return provider.start().compose(keys -> onHub(() -> {
      keys.forEach(this::open);
      if (!keys.isEmpty()) {
        LOG.info("Resuming {} upstream stream(s) held before the restart", keys.size());
      }
      return Future.succeededFuture();
    }));
  }

  @Override
  public Future<?> stop() {
    return close();
  }

  /**
   * Attaches a subscriber to one stream per key. Exactly one message reaches its channel: either
   * {@code joined} (with the replay, before any later event) or {@code refused}.
   */
  public <S> void attach(Attach<S> request) {
    attach(request, 1).onFailure(err -> request.channel().refused(request.subscriber(), err));
  }

  private <S> Future<Void> attach(Attach<S> request, int retries) {
    return onHub(() -> {
      if (closed) {
        return Future.failedFuture(shuttingDown());
      }
      List<Future<HubStream>> opening = new ArrayList<>();
      for (StreamKey key : request.keys()) {
        // a subscriber waits a bounded time; the open goes on and lingers out if nobody comes
        opening.add(streamFor(key, request.cursor()).timeout(config.openWaitMillis(), TimeUnit.MILLISECONDS)
            .recover(err -> Future.failedFuture(err instanceof TimeoutException
                ? new HttpError(504, "upstream_timeout", "The Ayla stream did not open in time; retry") : err)));
      }
      // join, not all: every stream that did open must be known before giving up on the others
      return Future.join(opening).transform(done -> onHub(() -> {
        Future<Map<HubStream, StreamTap.Archive>> archived = archived(request.cursor(), opening);
        // nothing to read from an archive (the usual case): join in this same turn on the hub
        return archived.isComplete() ? joinOpened(request, opening, archived.result(), retries)
            : archived.compose(a -> onHub(() -> joinOpened(request, opening, a, retries)));
      }));
    });
  }

  /** For streams whose tap can resume the cursor from further back than the replay buffer: those events. */
  private Future<Map<HubStream, StreamTap.Archive>> archived(Cursor cursor, List<Future<HubStream>> opening) {
    Map<HubStream, StreamTap.Archive> out = new HashMap<>();
    List<Future<?>> reads = new ArrayList<>();
    for (Future<HubStream> f : opening) {
      HubStream s = f.succeeded() ? f.result() : null;
      if (s != null && s.needsArchive(cursor)) {
        reads.add(s.tap().since(s.subscriptionId(), cursor.seqFor(s.subscriptionId()))
            .recover(err -> {
              LOG.warn("Reading the archive of {} failed: {}", s.key().canonical(), err.getMessage());
              return Future.succeededFuture(StreamTap.Archive.EMPTY);
            })
            .onSuccess(archive -> out.put(s, archive)));
      }
    }
    return Future.join(reads).map(out);
  }

  private <S> Future<Void> joinOpened(Attach<S> request, List<Future<HubStream>> opening,
      Map<HubStream, StreamTap.Archive> archived, int retries) {
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
        return attach(request, retries - 1);
      }
      failure = new HttpError(503, "stream_closed", "The stream closed while attaching; retry");
    }
    if (failure != null) {
      lingerUnread(opened);
      return Future.failedFuture(failure);
    }
    List<Channel.Joined> joined = new ArrayList<>();
    for (HubStream s : opened) {
      cancelLinger(s);
      joined.add(s.join(request.channel(), request.cursor(), archived.getOrDefault(s, StreamTap.Archive.EMPTY)));
    }
    request.channel().joined(request.subscriber(), new Attachment(List.copyOf(opened), request.channel()), joined);
    return Future.succeededFuture();
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

  /**
   * Holds the stream of exactly this key for good, as a subscriber that never leaves (a collected
   * stream): opened now if needed, shared with browsers asking for the same key. Completes when it
   * is live; a failed open leaves nothing held, so the caller tries again later.
   */
  public Future<Void> collect(StreamKey key) {
    return onHub(() -> {
      if (closed) {
        return Future.failedFuture(shuttingDown());
      }
      HubStream s = streams.get(key.canonical());
      if (s == null) {
        s = open(key);
      }
      s.pin();
      cancelLinger(s);
      return s.openedFuture().mapEmpty();
    });
  }

  /** Reads a stream's upstream again from after a seq (its tap fell behind); only the tap sees what it saw before. */
  public Future<Void> rewind(StreamKey key, long afterSeq) {
    return onHub(() -> {
      HubStream s = streams.get(key.canonical());
      if (s == null || s.handle() == null || s.state() == HubStream.State.CLOSED) {
        return Future.failedFuture(new IllegalStateException("stream not open: " + key.canonical()));
      }
      return s.handle().rewind(afterSeq);
    });
  }

  /** Runs work on the hub's context, where stream taps run (they share its state without locks). */
  public <T> Future<T> onHubContext(Supplier<Future<T>> work) {
    return onHub(work);
  }

  /** The streams whose scope the caller may see, for {@code /api/streams}. */
  public Future<JsonArray> streams(Predicate<StreamKey> visible) {
    return onHub(() -> {
      JsonArray out = new JsonArray();
      streams.values().stream().filter(s -> visible.test(s.key()))
          .sorted(Comparator.comparing(s -> s.key().canonical()))
          .forEach(s -> out.add(s.info()));
      return Future.succeededFuture(out);
    });
  }

  /** Streams in a state, as of the last report (for metrics, from any thread). */
  public int countIn(HubStream.State state) {
    return stateCounts[state.ordinal()];
  }

  private void report() {
    int[] counts = new int[HubStream.State.values().length];
    streams.values().forEach(s -> counts[s.state().ordinal()]++);
    stateCounts = counts;
    activity.report(streams.values());
  }

  /** Stops taking subscribers and lets the provider stop every upstream, keeping the subscriptions. */
  public Future<Void> close() {
    if (context == null) {
      return Future.succeededFuture(); // never deployed (the start failed before): nothing to stop
    }
    return onHub(() -> {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      new ArrayList<>(streams.values()).forEach(s -> forget(s));
      return provider.close();
    });
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
    return covering != null ? covering.openedFuture() : open(key).openedFuture();
  }

  private HubStream open(StreamKey key) {
    HubStream stream = new HubStream(key, config.replayEvents(), config.replayBytes(), counter, format, taps.tapFor(key));
    streams.put(key.canonical(), stream);
    Future<HubStream> opened = provider.open(key, stream)
        .compose(handle -> onHub(() -> {
          if (stream.state() == HubStream.State.CLOSED) {
            return Future.<HubStream>failedFuture(shuttingDown()); // the provider, closed too, stops it
          }
          stream.opened(handle);
          if (stream.refs() == 0) {
            startLinger(stream); // its subscriber gave up waiting (or it was resumed): linger like any other
          }
          return Future.succeededFuture(stream);
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
        release(s);
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

  /** Nobody here reads it any more: drop it and tell the provider. */
  private void release(HubStream s) {
    forget(s);
    if (s.handle() != null) {
      s.handle().release()
          .onFailure(err -> LOG.warn("Releasing upstream {} failed: {}", s.key().canonical(), err.getMessage()));
    }
  }

  private void forget(HubStream s) {
    cancelLinger(s);
    s.state(HubStream.State.CLOSED);
    streams.remove(s.key().canonical(), s);
  }

  private static HttpError shuttingDown() {
    return new HttpError(503, "shutting_down", "The gateway is shutting down");
  }

  /**
   * Runs the supplier on the hub's context and returns its future, completed on the caller's
   * context (an HTTP server in strict thread mode must answer from its connection's event loop).
   */
  private <T> Future<T> onHub(Supplier<Future<T>> work) {
    Promise<T> promise = CallerContext.promise();
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
