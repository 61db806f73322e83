package io.dssgateway.hub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shared upstream stream: its key, its upstream handle, the browsers attached (per channel),
 * and the replay buffer of the current incarnation. Touched only on the hub's context.
 */
public final class HubStream implements UpstreamProvider.Listener {

  public enum State { OPENING, LIVE, LINGERING, CLOSED }

  private final StreamKey key;
  private final ReplayBuffer buffer;
  private final Map<Channel<?>, Integer> channels = new HashMap<>();
  private final EventCounter counter;
  private final EventFormat format;
  private UpstreamProvider.Handle handle;
  private Future<HubStream> opened;
  private State state = State.OPENING;
  private long subscriptionId;
  private long lastSeq;
  private int refs;
  private long lingerTimer = -1;

  /** Counts events in, per type, and upstream activity; the metrics layer supplies it. */
  public interface EventCounter {
    void eventIn(String eventType);

    /** Heartbeats answered and reconnects since the last report, summed over the streams. */
    default void upstreamActivity(long heartbeats, long reconnects) {
    }
  }

  HubStream(StreamKey key, int replayCapacity, long replayBytes, EventCounter counter, EventFormat format) {
    this.key = key;
    this.buffer = new ReplayBuffer(replayCapacity, replayBytes);
    this.counter = counter;
    this.format = format;
  }

  /** Encodes the event once, keeps it for replay and hands it to every channel with a reader. */
  @Override
  public void onEvent(StreamEvent event) {
    if (state == State.CLOSED || event.seq() <= lastSeq) {
      return;
    }
    lastSeq = event.seq();
    String cursor = Cursor.format(new long[] {subscriptionId}, new long[] {event.seq()});
    HubEvent hubEvent = new HubEvent(subscriptionId, event, format.position(cursor), format.body(event), System.nanoTime());
    buffer.add(hubEvent);
    counter.eventIn(event.eventType());
    channels.keySet().forEach(c -> c.deliver(this, hubEvent));
  }

  @Override
  public void onSubscription(long id, long resumesAfterSeq) {
    if (id != subscriptionId) {
      lastSeq = 0;
    }
    subscriptionId = id;
    lastSeq = Math.max(lastSeq, resumesAfterSeq);
  }

  @Override
  public void onResubscribed(long newSubscriptionId) {
    subscriptionId = newSubscriptionId;
    lastSeq = 0;
    buffer.clear();
  }

  /** Snapshot for a joining subscriber, taken on the hub context before any later event. */
  Channel.Joined join(Channel<?> channel, Cursor cursor) {
    refs++;
    channels.merge(channel, 1, Integer::sum);
    long after = cursor.seqFor(subscriptionId);
    if (after < 0) {
      Channel.Gap gap = cursor.isEmpty() ? null : new Channel.Gap(key.eventType(), 0, 0, "stream_restarted");
      return new Channel.Joined(this, subscriptionId, lastSeq, List.of(), gap);
    }
    ReplayBuffer.Replay replay = buffer.after(after);
    Channel.Gap gap = replay.gap() ? new Channel.Gap(key.eventType(), replay.missingFrom(), replay.missingTo(), "evicted") : null;
    if (gap == null && replay.events().isEmpty() && lastSeq > after) {
      gap = new Channel.Gap(key.eventType(), after + 1, lastSeq, "evicted"); // nothing buffered, yet the stream moved on
    }
    // a cursor ahead of this replica's head (it read another replica): it resumes from its own position
    return new Channel.Joined(this, subscriptionId, Math.max(lastSeq, after), replay.events(), gap);
  }

  /** Returns the references left. */
  int leave(Channel<?> channel) {
    refs--;
    channels.computeIfPresent(channel, (c, n) -> n == 1 ? null : n - 1);
    return refs;
  }

  void opened(UpstreamProvider.Handle handle) {
    this.handle = handle;
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
    return subscriptionId;
  }

  public long lastSeq() {
    return lastSeq;
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
    JsonObject info = new JsonObject()
        .put("key", key.canonical())
        .put("subscription_type", key.eventType())
        .put("oem_model", Filter.render(key.filter().oemModels()))
        .put("dsn", Filter.render(key.filter().dsns()))
        .put("property_name", Filter.render(key.filter().properties()))
        .put("state", state.name().toLowerCase())
        .put("browsers", refs)
        .put("subscription_id", subscriptionId)
        .put("last_seq", lastSeq)
        .put("replay_buffered", buffer.size());
    if (handle != null) {
      info.put("upstream", handle.stats());
    }
    return info;
  }
}
