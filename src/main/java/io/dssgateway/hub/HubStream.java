package io.dssgateway.hub;

import io.dssgateway.common.Position;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shared upstream stream: its key, its upstream handle, the browsers attached (per channel),
 * and the replay buffer of the current incarnation. Touched only on the hub's context.
 */
public final class HubStream implements UpstreamProvider.Listener {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HubStream.class);

  /** Whether the planner chose this stream, and for what kind of scope. */
  public enum Plan {
    /** Opened for a request as asked (or held before a restart): planned streams replace it. */
    NONE,
    /** One per (scope, type, models), for a scope that may see whole models. */
    MODELS,
    /** One per (user, type) over the user's own devices. */
    USER_DEVICES
  }

  public enum State {
    OPENING,
    LIVE,
    LINGERING,
    CLOSED
  }

  private final StreamKey key;
  private final EventRing buffer;
  private final Map<Channel<?>, Integer> channels = new HashMap<>();
  private final EventCounter counter;
  private final EventFormat format;
  private final StreamTap tap;
  private boolean pinned;
  private boolean
      kept; // held before a restart, or read by a browser: lingers when its last reader leaves
  private int reading; // joins not abandoned before their browser saw them
  private int awaited; // attaches waiting for it to open or be joined
  private UpstreamProvider.Handle handle;
  private Future<HubStream> opened;
  private State state = State.OPENING;
  private final Position position = new Position();
  private int refs;
  private long lingerTimer = -1;
  private Plan plan = Plan.NONE;
  private long openedNanos;
  private long openedMillis;
  private int moving; // channels handing their browsers over to another stream
  private DeviceStates states; // from the first snapshot asked of it
  private long upstreamDownSince; // epoch millis; 0 while the upstream is live

  /** Counts events in, per type, and upstream activity; the metrics layer supplies it. */
  public interface EventCounter {
    void eventIn(String eventType);

    /** Heartbeats answered and reconnects since the last report, summed over the streams. */
    default void upstreamActivity(long heartbeats, long reconnects) {}
  }

  HubStream(
      StreamKey key,
      int replayCapacity,
      long replayBytes,
      EventCounter counter,
      EventFormat format) {
    this(key, replayCapacity, replayBytes, counter, format, null);
  }

  HubStream(
      StreamKey key,
      int replayCapacity,
      long replayBytes,
      EventCounter counter,
      EventFormat format,
      StreamTap tap) {
    this(key, replayCapacity, replayBytes, ReplayBudget.unbounded(), counter, format, tap);
  }

  HubStream(
      StreamKey key,
      int replayCapacity,
      long replayBytes,
      ReplayBudget budget,
      EventCounter counter,
      EventFormat format,
      StreamTap tap) {
    this.key = key;
    this.tap = tap;
    this.buffer = new EventRing(replayCapacity, replayBytes, budget, this::encode);
    this.counter = counter;
    this.format = format;
  }

  /** Encodes the event once, keeps it for replay and hands it to every channel with a reader. */
  @Override
  public void onEvent(StreamEvent event) {
    if (state == State.CLOSED) {
      return;
    }
    if (tap != null) {
      tap.onEvent(
          position.subscriptionId(),
          event); // below the de-duplication: a rewound stream's re-read reaches it
    }
    Position.Arrival arrival = position.arrive(event.seq());
    if (!arrival.isNew()) {
      return;
    }
    if (states != null) {
      if (arrival == Position.Arrival.AFTER_SKIP) {
        states.invalidate();
      }
      states.apply(event);
    }
    HubEvent hubEvent = encode(event);
    buffer.add(hubEvent);
    counter.eventIn(event.eventType());
    channels.keySet().forEach(c -> c.deliver(this, hubEvent));
  }

  private HubEvent encode(StreamEvent event) {
    return encode(position.subscriptionId(), event, System.nanoTime());
  }

  private HubEvent encode(long subscriptionId, StreamEvent event, long receivedNanos) {
    String cursor = Cursor.format(new long[] {subscriptionId}, new long[] {event.seq()});
    return new HubEvent(
        subscriptionId, event, format.position(cursor), format.body(event), receivedNanos);
  }

  @Override
  public void onSubscription(long id, long resumesAfterSeq) {
    if (tap != null) {
      tap.onSubscription(id, resumesAfterSeq);
    }
    position.resume(id, resumesAfterSeq);
  }

  @Override
  public void onResubscribed(long newSubscriptionId) {
    if (tap != null) {
      tap.onResubscribed(newSubscriptionId);
    }
    position.resubscribed(newSubscriptionId);
    buffer.clear();
    if (states != null) {
      states.invalidate();
    }
  }

  @Override
  public void onUpstream(boolean live) {
    long now = System.currentTimeMillis();
    if (live == (upstreamDownSince == 0) || state == State.CLOSED) {
      return;
    }
    upstreamDownSince = live ? 0 : now;
    channels.keySet().forEach(c -> c.upstream(this, live, now));
  }

  /** Since when its upstream has been down, in epoch millis (0: live). */
  public long upstreamDownSince() {
    return upstreamDownSince;
  }

  /** The latest state its events carried, started now if it was not kept yet. */
  DeviceStates states(int maxDevices) {
    if (states == null) {
      states = new DeviceStates(key.eventType(), maxDevices);
      buffer.forEachEvent(states::apply);
    }
    return states;
  }

  /**
   * When its upstream opened, in microseconds since the epoch, less a minute for the clocks of Ayla
   * and the gateway to disagree: a value the device service dates later may not have come through yet.
   */
  long openedMicros() {
    return (openedMillis - 60_000) * 1000;
  }

  /** The same, or null when no snapshot asked for it yet. */
  DeviceStates statesIfKept() {
    return states;
  }

  /** Snapshot for a joining subscriber, taken on the hub context before any later event. */
  Channel.Joined join(Channel<?> channel, Cursor cursor) {
    return join(channel, cursor, StreamTap.Archive.EMPTY);
  }

  /**
   * The same, resuming further back: {@code archived}: events after the cursor from the stream's tap, and the seqs it knows are
   * lost among them (empty when none were needed); used only when they reach the replay buffer, so the subscriber gets them all,
   * with each lost range told where it lies, or an honest gap.
   */
  Channel.Joined join(Channel<?> channel, Cursor cursor, StreamTap.Archive archived) {
    refs++;
    reading++;
    channels.merge(channel, 1, Integer::sum);
    long after = cursor.seqFor(position.subscriptionId());
    if (after < 0) {
      Channel.Gap gap =
          cursor.isEmpty() ? null : new Channel.Gap(key.eventType(), 0, 0, "stream_restarted");
      return new Channel.Joined(
          this,
          position.subscriptionId(),
          position.lastSeq(),
          List.of(),
          gap,
          List.of(),
          upstreamDownSince,
          null);
    }
    List<HubEvent> events = new ArrayList<>();
    List<Channel.Hole> holes = new ArrayList<>();
    long from = resumeFromArchive(archived, after, events, holes);
    Replay replay = buffer.after(from);
    if (from > after && (replay.gap() || replay.events().isEmpty() && position.lastSeq() > from)) {
      LOG.warn(
          "Stream {}: history resumed a cursor at seq {} up to {}, short of the replay buffer (oldest {}, head {}): a gap",
          key.canonical(),
          after,
          from,
          buffer.oldestSeq(),
          position.lastSeq());
      events
          .clear(); // the archive does not reach the buffer: no partial resume, the gap as without
      // one
      holes.clear();
      from = after;
      replay = buffer.after(after);
    }
    holesIn(replay.events(), replay.gap() ? replay.missingTo() : from, events.size(), holes);
    events.addAll(replay.events());
    Channel.Gap gap =
        replay.gap()
            ? new Channel.Gap(key.eventType(), replay.missingFrom(), replay.missingTo(), "evicted")
            : null;
    if (gap == null && events.isEmpty() && position.lastSeq() > after) {
      gap =
          new Channel.Gap(
              key.eventType(),
              after + 1,
              position.lastSeq(),
              "evicted"); // nothing buffered, yet the stream moved on
    }
    // a cursor ahead of this replica's head (it read another replica): it resumes from its own
    // position
    return new Channel.Joined(
        this,
        position.subscriptionId(),
        Math.max(position.lastSeq(), after),
        events,
        gap,
        holes,
        upstreamDownSince,
        null);
  }

  /** Seqs the upstream skipped between buffered events: each a hole before the event after it. */
  private void holesIn(List<HubEvent> buffered, long after, int offset, List<Channel.Hole> holes) {
    long previous = after;
    for (int k = 0; k < buffered.size(); k++) {
      long seq = buffered.get(k).seq();
      if (seq > previous + 1) {
        holes.add(
            new Channel.Hole(
                offset + k,
                new Channel.Gap(key.eventType(), previous + 1, seq - 1, "upstream_skipped")));
      }
      previous = seq;
    }
  }

  /** Walks the archive from {@code after + 1} while it is contiguous; returns the last seq it reaches. */
  private long resumeFromArchive(
      StreamTap.Archive archived, long after, List<HubEvent> events, List<Channel.Hole> holes) {
    long from = after;
    int m = 0;
    List<StreamTap.Missing> missing = archived.missing();
    for (StreamEvent e : archived.events()) {
      while (m < missing.size() && missing.get(m).fromSeq() <= from + 1 && e.seq() > from + 1) {
        StreamTap.Missing lost = missing.get(m++);
        if (lost.toSeq() > from && lost.toSeq() < e.seq() && lost.toSeq() < position.lastSeq()) {
          holes.add(
              new Channel.Hole(
                  events.size(),
                  new Channel.Gap(key.eventType(), from + 1, lost.toSeq(), lost.reason())));
          from = lost.toSeq();
        }
      }
      if (e.seq() == from + 1 && e.seq() <= position.lastSeq()) {
        events.add(encode(e));
        from = e.seq();
      }
    }
    return from;
  }

  /** True when a subscriber resuming after {@code cursor} would find events missing from the buffer. */
  boolean needsArchive(Cursor cursor) {
    long after = cursor.seqFor(position.subscriptionId());
    if (tap == null || after < 0 || after >= position.lastSeq()) {
      return false;
    }
    return buffer.size() == 0 || buffer.oldestSeq() > after + 1;
  }

  StreamTap tap() {
    return tap;
  }

  /** When its upstream opened, on the clock of {@link HubEvent#receivedNanos()}. */
  long openedNanos() {
    return openedNanos;
  }

  Plan plan() {
    return plan;
  }

  void plannedFor(Plan plan) {
    this.plan = plan;
  }

  boolean moving() {
    return moving > 0;
  }

  void moving(int delta) {
    moving += delta;
  }

  /** The channels with a browser reading this stream. */
  java.util.Set<Channel<?>> channelsReading() {
    return channels.keySet();
  }

  /** The newest events of the current incarnation, oldest first. */
  List<HubEvent> recent(int n) {
    return buffer.last(n);
  }

  /** A channel is moving browsers onto this stream: it gets its events, and the stream stays open meanwhile. */
  void hold(Channel<?> channel) {
    refs++;
    channels.merge(channel, 1, Integer::sum);
  }

  void unhold(Channel<?> channel) {
    refs--;
    channels.computeIfPresent(channel, (c, n) -> n == 1 ? null : n - 1);
  }

  /** Browsers of a channel that moved here from another stream now read this one. */
  void adopt(Channel<?> channel, int readers) {
    if (readers > 0) {
      refs += readers;
      reading += readers;
      kept = true;
      channels.merge(channel, readers, Integer::sum);
    }
  }

  /** Held for good by a collector (history). */
  boolean collected() {
    return pinned;
  }

  /** A collector holds it for good: it never lingers out. */
  void pin() {
    if (!pinned) {
      pinned = true;
      refs++;
    }
  }

  /** Returns the references left. */
  int leave(Channel<?> channel) {
    kept = true; // its browser read it: it lingers for a reconnect
    refs--;
    channels.computeIfPresent(channel, (c, n) -> n == 1 ? null : n - 1);
    return refs;
  }

  /** A join whose browser left before it saw it: as if it never came. Returns the references left. */
  int abandon(Channel<?> channel) {
    reading--;
    refs--;
    channels.computeIfPresent(channel, (c, n) -> n == 1 ? null : n - 1);
    return refs;
  }

  /** True when nobody left is reading it and nobody ever did (nor was it held before a restart): it need not linger. */
  boolean unread() {
    return refs == 0 && reading == 0 && !kept && !pinned;
  }

  void awaited(int delta) {
    awaited += delta;
  }

  int awaited() {
    return awaited;
  }

  /** Held before this process started: it lingers for the browsers that read it then. */
  void keep() {
    kept = true;
  }

  /** The stream is gone: its replay leaves the hub's budget. */
  void discard() {
    buffer.release();
  }

  void opened(UpstreamProvider.Handle handle) {
    this.handle = handle;
    this.openedNanos = System.nanoTime();
    this.openedMillis = System.currentTimeMillis();
    this.state = State.LIVE;
  }

  public StreamKey key() {
    return key;
  }

  public State state() {
    return state;
  }

  void state(State state) {
    this.state = state;
  }

  public long subscriptionId() {
    return position.subscriptionId();
  }

  public long lastSeq() {
    return position.lastSeq();
  }

  public int refs() {
    return refs;
  }

  UpstreamProvider.Handle handle() {
    return handle;
  }

  Future<HubStream> openedFuture() {
    return opened;
  }

  void openedFuture(Future<HubStream> opened) {
    this.opened = opened;
  }

  long lingerTimer() {
    return lingerTimer;
  }

  void lingerTimer(long id) {
    this.lingerTimer = id;
  }

  /** What {@code /api/streams} shows: never a stream key. */
  public JsonObject info() {
    JsonObject info =
        new JsonObject()
            .put("key", key.canonical())
            .put("subscription_type", key.eventType())
            .put("oem_model", Filter.render(key.filter().oemModels()))
            .put("dsn", Filter.render(key.filter().dsns()))
            .put("property_name", Filter.render(key.filter().properties()))
            .put("state", state.name().toLowerCase())
            .put("browsers", pinned ? refs - 1 : refs)
            .put("collected", pinned)
            .put("subscription_id", position.subscriptionId())
            .put("last_seq", position.lastSeq())
            .put("replay_buffered", buffer.size());
    if (handle != null) {
      info.put("upstream", handle.stats());
    }
    return info;
  }
}
