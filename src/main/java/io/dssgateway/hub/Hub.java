package io.dssgateway.hub;

import io.dssgateway.common.HttpError;
import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  public record Attachment(List<HubStream> streams, Channel<?> channel) {}

  /**
   * One subscriber's request: the streams it asks for, where it resumes, how to reach it, the
   * DSNs its scope may see (null when the scope may see whole models), which the planner widens to,
   * and, when it asked for a snapshot, how to read the device service and whether it wants one even
   * when its resume lost nothing ({@code snapshotAlways}).
   */
  public record Attach<S>(
      List<StreamKey> keys,
      Cursor cursor,
      Channel<S> channel,
      S subscriber,
      java.util.Set<String> scopeDevices,
      Supplier<Future<ServiceState>> state,
      boolean snapshotAlways) {

    public Attach(List<StreamKey> keys, Cursor cursor, Channel<S> channel, S subscriber) {
      this(keys, cursor, channel, subscriber, null, null, false);
    }

    public Attach(
        List<StreamKey> keys,
        Cursor cursor,
        Channel<S> channel,
        S subscriber,
        java.util.Set<String> scopeDevices) {
      this(keys, cursor, channel, subscriber, scopeDevices, null, false);
    }
  }

  private final UpstreamProvider provider;
  private final HubConfig config;
  private final HubStream.EventCounter counter;
  private final EventFormat format;
  private final StreamTap.Registry taps;
  private final Map<String, HubStream> streams = new HashMap<>();
  // by scope and event type: an attach looks for a covering stream among these only, not among all
  private final Map<String, List<HubStream>> sameKind = new HashMap<>();
  private final Map<String, List<HubStream>> collectedOfKind = new HashMap<>(); // few: history's
  private final StreamBounds bounds;
  private final ReplayBudget budget;
  private final UpstreamActivity activity;
  private final SubscriptionPlanner planner;
  private final StreamMoves moves;
  private boolean closed;
  private volatile int[] stateCounts = new int[HubStream.State.values().length];
  private volatile long replayBytes;
  private volatile long replayTrimmed;

  public Hub(
      UpstreamProvider provider,
      HubConfig config,
      HubStream.EventCounter counter,
      EventFormat format) {
    this(provider, config, counter, format, StreamTap.Registry.NONE);
  }

  /** @param taps the streams read below the hub (collected streams), looked up as each stream is created */
  public Hub(
      UpstreamProvider provider,
      HubConfig config,
      HubStream.EventCounter counter,
      EventFormat format,
      StreamTap.Registry taps) {
    this.provider = provider;
    this.taps = taps;
    this.config = config;
    this.counter = counter;
    this.format = format;
    this.activity = new UpstreamActivity(counter);
    this.bounds = new StreamBounds(config.maxStreamsPerScope(), config.maxStreams());
    this.budget = new ReplayBudget(config.replayBudget());
    this.planner = new SubscriptionPlanner(config.plan());
    this.moves = new StreamMoves(planner);
  }

  /**
   * Reopens every stream the provider held before this process started; each lingers until a
   * subscriber attaches. Does not wait for them to be live: an unreachable Ayla must not keep the
   * gateway from starting.
   */
  @Override
  public Future<?> start() {
    vertx.setPeriodic(REPORT_MILLIS, id -> report());
    return provider
        .start()
        .compose(
            keys ->
                onHub(
                    () -> {
                      keys.forEach(key -> open(key).keep());
                      if (!keys.isEmpty()) {
                        LOG.info(
                            "Resuming {} upstream stream(s) held before the restart", keys.size());
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
    return onHub(
        () -> {
          if (closed) {
            return Future.failedFuture(shuttingDown());
          }
          List<HubStream> awaited = new ArrayList<>();
          List<Future<HubStream>> opening = new ArrayList<>();
          for (StreamKey key : request.keys()) {
            HubStream s = streamFor(key, request.scopeDevices(), request.cursor());
            if (s == null) {
              opening.add(Future.failedFuture(refusalFor(key)));
              continue;
            }
            s.awaited(
                1); // until this attach joins it or gives up: an open completing meanwhile is not
            // "read by nobody"
            awaited.add(s);
            // a subscriber waits a bounded time; the open goes on, and is released or lingers out
            // if nobody comes
            opening.add(
                s.openedFuture()
                    .timeout(config.openWaitMillis(), TimeUnit.MILLISECONDS)
                    .recover(
                        err ->
                            Future.failedFuture(
                                err instanceof TimeoutException
                                    ? StreamErrors.upstreamTimeout()
                                    : err)));
          }
          // join, not all: every stream that did open must be known before giving up on the others
          return Future.join(opening)
              .transform(done -> readState(request, done.succeeded()))
              .transform(
                  state ->
                      onHub(
                          () -> {
                            Future<Map<HubStream, StreamTap.Archive>> archived =
                                archived(request.cursor(), opening);
                            ServiceState read = state.result();
                            // nothing to read from an archive (the usual case): join in this same
                            // turn on the hub
                            return archived.isComplete()
                                ? joinOpened(
                                    request, awaited, opening, archived.result(), read, retries)
                                : archived.compose(
                                    a ->
                                        onHub(
                                            () ->
                                                joinOpened(
                                                    request, awaited, opening, a, read, retries)));
                          }));
        });
  }

  /**
   * What the device service says for a subscriber that asked for a snapshot (null otherwise), read
   * once its streams are open: a value set before they opened is in it, one set after is in a stream.
   */
  private <S> Future<ServiceState> readState(Attach<S> request, boolean opened) {
    if (request.state() == null || !opened) {
      return Future.succeededFuture();
    }
    return Future.<Void>succeededFuture()
        .compose(v -> request.state().get())
        .recover(
            err ->
                Future.succeededFuture(
                    new ServiceState(List.of(), false, "device_service_unavailable")));
  }

  /** For streams whose tap can resume the cursor from further back than the replay buffer: those events. */
  private Future<Map<HubStream, StreamTap.Archive>> archived(
      Cursor cursor, List<Future<HubStream>> opening) {
    Map<HubStream, StreamTap.Archive> out = new HashMap<>();
    List<Future<?>> reads = new ArrayList<>();
    for (Future<HubStream> f : opening) {
      HubStream s = f.succeeded() ? f.result() : null;
      if (s != null && s.needsArchive(cursor)) {
        reads.add(
            s.tap()
                .since(s.subscriptionId(), cursor.seqFor(s.subscriptionId()))
                .recover(
                    err -> {
                      LOG.warn(
                          "Reading the archive of {} failed: {}",
                          s.key().canonical(),
                          err.getMessage());
                      return Future.succeededFuture(StreamTap.Archive.EMPTY);
                    })
                .onSuccess(archive -> out.put(s, archive)));
      }
    }
    return Future.join(reads).map(out);
  }

  private <S> Future<Void> joinOpened(
      Attach<S> request,
      List<HubStream> awaited,
      List<Future<HubStream>> opening,
      Map<HubStream, StreamTap.Archive> archived,
      ServiceState state,
      int retries) {
    awaited.forEach(s -> s.awaited(-1));
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
        idleUnjoined(awaited);
        return attach(request, retries - 1);
      }
      failure = StreamErrors.streamClosed("The stream closed while attaching; retry");
    }
    if (failure != null) {
      idleUnjoined(awaited);
      return Future.failedFuture(failure);
    }
    List<Channel.Joined> joined = new ArrayList<>();
    for (HubStream s : opened) {
      cancelLinger(s);
      joined.add(
          s.join(
              request.channel(),
              request.cursor(),
              archived.getOrDefault(s, StreamTap.Archive.EMPTY)));
    }
    if (state != null
        && (request.cursor().isEmpty()
            || request.snapshotAlways()
            || joined.stream().anyMatch(Channel.Joined::lost))) {
      // taken in the same turn as the joins: it is the state as of every stream's head
      joined.set(0, joined.get(0).withSnapshot(snapshot(opened, request.keys(), state)));
    }
    request
        .channel()
        .joined(
            request.subscriber(), new Attachment(List.copyOf(opened), request.channel()), joined);
    for (int i = 0; i < opened.size(); i++) {
      followPlan(
          planner.plan(request.keys().get(i), request.scopeDevices()), request.scopeDevices());
    }
    return Future.succeededFuture();
  }

  /**
   * After a join: when the stream joined is not the planned one (a cursor resumed it exactly), the
   * planned stream is opened if room allows; once the planned stream is live, the browsers of the
   * streams it replaces move over to it.
   */
  private void followPlan(StreamKey planned, java.util.Set<String> scopeDevices) {
    if (planner.policy() != SubscriptionPlanner.Policy.WIDE) {
      return;
    }
    HubStream target = streams.get(planned.canonical());
    if (target == null) {
      if (!makeRoom(planned.scope())) {
        return;
      }
      target = open(planned);
    }
    planned(target, scopeDevices);
    if (target.state() == HubStream.State.OPENING) {
      HubStream opening = target;
      opening.awaited(1); // by the moves to come: once open, it must not be let go as unread
      opening
          .openedFuture()
          .onComplete(
              ar ->
                  context.runOnContext(
                      v -> {
                        opening.awaited(-1);
                        if (ar.succeeded()) {
                          moveOnto(opening);
                        }
                      }));
    } else if (target.state() != HubStream.State.CLOSED) {
      moveOnto(target);
    }
  }

  private void planned(HubStream s, java.util.Set<String> scopeDevices) {
    if (planner.policy() == SubscriptionPlanner.Policy.WIDE) {
      s.plannedFor(scopeDevices == null ? HubStream.Plan.MODELS : HubStream.Plan.USER_DEVICES);
    }
  }

  /** Starts moving the browsers of every stream the planned {@code target} replaces onto it. */
  private void moveOnto(HubStream target) {
    if (closed || target.state() == HubStream.State.CLOSED) {
      return;
    }
    for (HubStream from : sameKind.getOrDefault(kindOf(target.key()), List.of())) {
      if (moves.replaces(target, from)) {
        moves.start(from, target, this::moved);
      }
    }
    if (target.refs() == 0 && target.awaited() == 0 && target.state() == HubStream.State.LIVE) {
      idle(target);
    }
  }

  /**
   * A channel moved {@code readers} of its browsers from one stream to another (or gave up with none
   * left): they now count on the stream they read, and the one they left lingers when nobody is left.
   */
  public void moved(Channel<?> channel, HubStream from, HubStream to, int readers) {
    context.runOnContext(
        v -> {
          moves.finished(channel, from, to, readers);
          if (from.refs() == 0 && from.state() == HubStream.State.LIVE) {
            startLinger(from);
          }
          if (to.refs() == 0 && to.state() == HubStream.State.LIVE) {
            idle(to);
          }
        });
  }

  /** Streams opened for an attach that did not happen: released now if nobody ever read them, else they linger out. */
  private void idleUnjoined(List<HubStream> awaited) {
    awaited.stream()
        .filter(s -> s.refs() == 0 && s.awaited() == 0 && s.state() == HubStream.State.LIVE)
        .distinct()
        .forEach(this::idle);
  }

  public void detach(Attachment attachment) {
    context.runOnContext(
        v ->
            attachment
                .streams()
                .forEach(
                    s -> {
                      if (s.leave(attachment.channel()) == 0 && s.state() == HubStream.State.LIVE) {
                        startLinger(s);
                      }
                    }));
  }

  /**
   * Gives back an attachment its subscriber never saw (it left while the attach was under way): a
   * stream nobody else reads, nor ever did, is released at once instead of lingering, so requests
   * cancelled before their stream opened hold no upstream.
   */
  public void abandon(Attachment attachment) {
    context.runOnContext(
        v ->
            attachment
                .streams()
                .forEach(
                    s -> {
                      if (s.abandon(attachment.channel()) == 0
                          && s.state() == HubStream.State.LIVE) {
                        idle(s);
                      }
                    }));
  }

  /** A live stream nobody reads: released if nobody ever did, else it lingers. */
  private void idle(HubStream s) {
    if (s.unread()) {
      release(s);
    } else {
      startLinger(s);
    }
  }

  /**
   * Holds the stream of exactly this key for good, as a subscriber that never leaves (a collected
   * stream): opened now if needed, shared with browsers asking for the same key. Completes when it
   * is live; a failed open leaves nothing held, so the caller tries again later.
   */
  public Future<Void> collect(StreamKey key) {
    return onHub(
        () -> {
          if (closed) {
            return Future.failedFuture(shuttingDown());
          }
          HubStream s = streams.get(key.canonical());
          if (s == null) {
            s = open(key);
          }
          if (!s.collected()) {
            s.pin();
            collectedOfKind.computeIfAbsent(kindOf(key), k -> new ArrayList<>()).add(s);
          }
          cancelLinger(s);
          return s.openedFuture().mapEmpty();
        });
  }

  /** Reads a stream's upstream again from after a seq (its tap fell behind); only the tap sees what it saw before. */
  public Future<Void> rewind(StreamKey key, long afterSeq) {
    return onHub(
        () -> {
          HubStream s = streams.get(key.canonical());
          if (s == null || s.handle() == null || s.state() == HubStream.State.CLOSED) {
            return Future.failedFuture(
                new IllegalStateException("stream not open: " + key.canonical()));
          }
          return s.handle().rewind(afterSeq);
        });
  }

  /** Runs work on the hub's context, where stream taps run (they share its state without locks). */
  public <T> Future<T> onHubContext(Supplier<Future<T>> work) {
    return onHub(work);
  }

  /**
   * Of {@code dsns}, those whose properties the view of the stream that would serve the datapoint
   * {@code key} does not keep current (all of them when there is no such stream yet): what a snapshot
   * must read from the device service.
   */
  public Future<java.util.Set<String>> unfilled(
      StreamKey key, java.util.Set<String> scopeDevices, List<String> dsns) {
    return onHub(
        () -> {
          HubStream s = existingFor(key, scopeDevices);
          DeviceStates view = s == null ? null : s.statesIfKept();
          java.util.Set<String> out = new java.util.LinkedHashSet<>();
          for (String dsn : dsns) {
            if (view == null || !view.filled(dsn)) {
              out.add(dsn);
            }
          }
          return Future.succeededFuture(out);
        });
  }

  /**
   * The current state of the devices {@code state} lists (for {@code GET /api/state}): from the views
   * of the streams that serve these keys where there are such streams, else from the device service.
   */
  public Future<JsonObject> state(
      List<StreamKey> keys, java.util.Set<String> scopeDevices, ServiceState state) {
    return onHub(
        () -> {
          List<HubStream> serving = new ArrayList<>();
          for (StreamKey key : keys) {
            HubStream s = existingFor(key, scopeDevices);
            if (s != null && s.state() != HubStream.State.CLOSED) {
              serving.add(s);
            }
          }
          return Future.succeededFuture(snapshot(serving, keys, state).json());
        });
  }

  /** The stream that serves {@code key} now, without opening one: the planned one, else the one asked for. */
  private HubStream existingFor(StreamKey key, java.util.Set<String> scopeDevices) {
    HubStream planned = streams.get(planner.plan(key, scopeDevices).canonical());
    return planned != null ? planned : streams.get(key.canonical());
  }

  /** The state of the devices {@code state} lists, from the views of {@code from} filled with it. */
  private Channel.Snapshot snapshot(
      List<HubStream> from, List<StreamKey> asked, ServiceState state) {
    Map<String, DeviceStates> views = new HashMap<>();
    Map<String, Long> ahead = new HashMap<>();
    boolean withProperties = asked.stream().anyMatch(k -> "datapoint".equals(k.eventType()));
    for (HubStream s : from) {
      String type = s.key().eventType();
      if (EventTypes.keepsState(type)) {
        DeviceStates view = s.states(config.stateDevices());
        state.devices().forEach(d -> view.fill(d, s.openedMicros(), ahead));
        views.put(type, view);
      }
    }
    StreamKey named =
        asked.stream()
            .filter(k -> "datapoint".equals(k.eventType()))
            .findFirst()
            .orElse(asked.get(0)); // the property names only datapoint keys keep
    return new Channel.Snapshot(
        StateSnapshot.build(named.filter(), state, views, withProperties), ahead);
  }

  /** The streams whose scope the caller may see, for {@code /api/streams}. */
  public Future<JsonArray> streams(Predicate<StreamKey> visible) {
    return onHub(
        () -> {
          JsonArray out = new JsonArray();
          streams.values().stream()
              .filter(s -> visible.test(s.key()))
              .sorted(Comparator.comparing(s -> s.key().canonical()))
              .forEach(s -> out.add(s.info()));
          return Future.succeededFuture(out);
        });
  }

  /** Streams in a state, as of the last report (for metrics, from any thread). */
  public int countIn(HubStream.State state) {
    return stateCounts[state.ordinal()];
  }

  /** Heap the replay buffers hold now, and events trimmed to stay inside the budget, read on the hub. */
  Future<long[]> replayNow() {
    return onHub(() -> Future.succeededFuture(new long[] {budget.bytes(), budget.trimmedEvents()}));
  }

  /** Heap the replay buffers hold, as of the last report (from any thread). */
  public long replayBytes() {
    return replayBytes;
  }

  /** Events let go to stay inside the replay budget, as of the last report (from any thread). */
  public long replayTrimmedEvents() {
    return replayTrimmed;
  }

  private void report() {
    int[] counts = new int[HubStream.State.values().length];
    streams.values().forEach(s -> counts[s.state().ordinal()]++);
    stateCounts = counts;
    replayBytes = budget.bytes();
    replayTrimmed = budget.trimmedEvents();
    activity.report(streams.values());
  }

  /** Stops taking subscribers and lets the provider stop every upstream, keeping the subscriptions. */
  public Future<Void> close() {
    if (context == null) {
      return Future.succeededFuture(); // never deployed (the start failed before): nothing to stop
    }
    return onHub(
        () -> {
          if (closed) {
            return Future.succeededFuture();
          }
          closed = true;
          new ArrayList<>(streams.values()).forEach(s -> forget(s));
          return provider.close();
        });
  }

  /**
   * The stream that serves a request: one its cursor names that serves it (so the resume is exact;
   * its browsers move to the plan later), else a collected stream that covers it, the planned
   * stream, a live one that covers it, or a new one; null when no bound leaves room.
   */
  private HubStream streamFor(
      StreamKey requested, java.util.Set<String> scopeDevices, Cursor cursor) {
    StreamKey key = planner.plan(requested, scopeDevices);
    List<HubStream> kind = sameKind.getOrDefault(kindOf(key), List.of());
    if (!cursor.isEmpty()) {
      for (HubStream s : kind) {
        if (s.state() != HubStream.State.CLOSED
            && cursor.seqFor(s.subscriptionId()) >= 0
            && (s.key().covers(requested)
                || scopeDevices != null && planner.earlierPlanOf(s.key(), key))) {
          return s;
        }
      }
    }
    for (HubStream s : collectedOfKind.getOrDefault(kindOf(key), List.of())) {
      if (s.state() != HubStream.State.CLOSED && s.key().covers(requested)) {
        return s; // held anyway, and its history resumes a cursor beyond the replay buffer
      }
    }
    HubStream exact = streams.get(key.canonical());
    if (exact != null) {
      return exact;
    }
    for (HubStream s : kind) {
      if (s.state() != HubStream.State.CLOSED && s.key().covers(key)) {
        return s;
      }
    }
    if (!makeRoom(key.scope())) {
      return null;
    }
    HubStream opened = open(key);
    planned(opened, scopeDevices);
    return opened;
  }

  /**
   * Before a new stream opens: within the scope's bound and the gateway's, letting lingering streams
   * (read by nobody now) go first. False when a bound leaves no room.
   */
  private boolean makeRoom(String scope) {
    while (bounds.scopeFull(scope)) {
      HubStream lingering = lingering(s -> s.key().scope().equals(scope));
      if (lingering == null) {
        return false;
      }
      release(lingering);
    }
    while (bounds.totalFull()) {
      HubStream lingering = lingering(s -> true);
      if (lingering == null) {
        return false;
      }
      release(lingering);
    }
    return true;
  }

  private HttpError refusalFor(StreamKey key) {
    if (bounds.scopeFull(key.scope())) {
      LOG.info(
          "Refused a new upstream stream: scope {} holds {} streams, its bound",
          key.scope(),
          bounds.count(key.scope()));
      return bounds.scopeRefusal();
    }
    LOG.warn(
        "Refused a new upstream stream: the gateway holds {} streams, its bound ({})",
        streams.size(),
        HubSettings.MAX_STREAMS.key());
    return bounds.totalRefusal();
  }

  /** Streams that may cover one another: of one scope and event type. */
  private static String kindOf(StreamKey key) {
    return key.scope() + "|" + key.eventType();
  }

  private HubStream lingering(Predicate<HubStream> which) {
    for (HubStream s : streams.values()) {
      if (s.state() == HubStream.State.LINGERING && s.refs() == 0 && !s.moving() && which.test(s)) {
        return s;
      }
    }
    return null;
  }

  private HubStream open(StreamKey key) {
    HubStream stream =
        new HubStream(
            key,
            config.replayEvents(),
            config.replayBytes(),
            budget,
            counter,
            format,
            taps.tapFor(key));
    streams.put(key.canonical(), stream);
    sameKind.computeIfAbsent(kindOf(key), k -> new ArrayList<>()).add(stream);
    bounds.added(key.scope());
    Future<HubStream> opened =
        provider
            .open(key, stream)
            .compose(
                handle ->
                    onHub(
                        () -> {
                          if (stream.state() == HubStream.State.CLOSED) {
                            return Future.<HubStream>failedFuture(
                                shuttingDown()); // the provider, closed too, stops it
                          }
                          stream.opened(handle);
                          if (stream.refs() == 0 && stream.awaited() == 0) {
                            idle(stream); // its subscriber gave up waiting (or it was resumed)
                          }
                          return Future.succeededFuture(stream);
                        }))
            .onFailure(
                err ->
                    context.runOnContext(
                        v -> {
                          LOG.warn(
                              "Opening upstream {} failed: {}", key.canonical(), err.getMessage());
                          if (stream.state() != HubStream.State.CLOSED) {
                            forget(stream);
                          }
                        }))
            .recover(
                err ->
                    Future.failedFuture(
                        err instanceof HttpError
                            ? err
                            : HttpError.upstreamUnavailable(
                                "The Ayla stream could not be opened: " + err.getMessage())));
    stream.openedFuture(opened);
    return stream;
  }

  private void startLinger(HubStream s) {
    cancelLinger(s);
    s.state(HubStream.State.LINGERING);
    s.lingerTimer(
        vertx.setTimer(
            Math.max(1, config.lingerMillis()),
            id -> {
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
      s.handle()
          .release()
          .onFailure(
              err ->
                  LOG.warn(
                      "Releasing upstream {} failed: {}", s.key().canonical(), err.getMessage()));
    }
  }

  private void forget(HubStream s) {
    cancelLinger(s);
    s.state(HubStream.State.CLOSED);
    if (streams.remove(s.key().canonical(), s)) {
      sameKind.computeIfPresent(
          kindOf(s.key()), (k, list) -> list.remove(s) && list.isEmpty() ? null : list);
      collectedOfKind.computeIfPresent(
          kindOf(s.key()), (k, list) -> list.remove(s) && list.isEmpty() ? null : list);
      bounds.removed(s.key().scope());
      s.discard();
    }
  }

  private static HttpError shuttingDown() {
    return HttpError.shuttingDown("The gateway is shutting down");
  }

  /**
   * Runs the supplier on the hub's context and returns its future, completed on the caller's
   * context (an HTTP server in strict thread mode must answer from its connection's event loop).
   */
  private <T> Future<T> onHub(Supplier<Future<T>> work) {
    Promise<T> promise = CallerContext.promise();
    context.runOnContext(
        v -> {
          try {
            work.get().onComplete(promise);
          } catch (RuntimeException e) {
            promise.fail(e);
          }
        });
    return promise.future();
  }
}
