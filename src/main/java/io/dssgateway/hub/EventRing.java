package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's replay buffer with its events packed: each event's JSON and the fields filters match
 * on are copied into one byte ring, its seq, subscription and arrival into primitive rings, and the
 * event the hub published is let go. Kept events hold no object of their own, so a young
 * collection finds none to copy or promote however many are kept, and a full ring is overwritten
 * in place: a stream at its bounds allocates nothing per event. A resume gets the events rebuilt
 * (the JSON copied out, re-encoded by the stream's {@link EventFormat}), each once: the first
 * resume that asks for an event keeps what it rebuilt for the next.
 *
 * <p>Bounds as {@link ReplayBuffer}'s: at most {@code capacity} events and {@code maxBytes}
 * counted bytes (the newest always kept), inside a {@link ReplayBudget}. The rings grow to their
 * bounds as events come (an idle stream holds a few hundred bytes). Used on one thread.
 */
final class EventRing implements ReplayBudget.Member {

  /** Rebuilds an event the hub published from what the ring kept of it. */
  interface Rebuild {
    HubEvent event(long subscriptionId, StreamEvent event, long receivedNanos);
  }

  /** Per event beside its bytes: its slots in the primitive rings and the reference slot. */
  static final int SLOT_BYTES = 3 * Long.BYTES + 5 * Integer.BYTES + 4;

  private static final int FIRST_SLOTS = 16;
  private static final int FIRST_BYTES = 1024;
  private static final int NULL = -1;

  private final int capacity;
  private final long maxBytes;
  private final ReplayBudget budget;
  private final Rebuild rebuild;

  private long[] seqs = new long[0];
  private long[] subscriptions = new long[0];
  private long[] arrivals = new long[0];
  private int[] starts = new int[0]; // where the event's bytes begin in the byte ring
  private int[] lengths = new int[0]; // json, event type, model, dsn, property: 5 per slot
  private HubEvent[] rebuilt = new HubEvent[0];
  private int head;
  private int size;

  private final ByteRing data = new ByteRing();

  private long bytes;

  private final String[] lastStrings = new String[2];
  private final byte[][] lastUtf8 = new byte[2][];
  private int nextLast;

  EventRing(int capacity, long maxBytes, ReplayBudget budget, Rebuild rebuild) {
    this.capacity = Math.max(1, capacity);
    this.maxBytes = maxBytes;
    this.budget = budget;
    this.rebuild = rebuild;
    budget.register(this);
  }

  /** Keeps an event newer than every one kept; an older or equal seq (a re-read) is not kept twice. */
  void add(HubEvent published) {
    StreamEvent e = published.event();
    if (size > 0 && e.seq() <= seqs[slot(size - 1)]) {
      return;
    }
    byte[] type = utf8(e.eventType());
    byte[] model = utf8(e.oemModel());
    byte[] dsn = utf8(e.dsn());
    byte[] property = utf8(e.propertyName());
    int json = e.json().length();
    int need = json + len(type) + len(model) + len(dsn) + len(property);
    if (size == seqs.length) {
      if (seqs.length < capacity) {
        growSlots();
      } else {
        removeOldest();
      }
    }
    makeRoom(need);
    int s = slot(size);
    seqs[s] = e.seq();
    subscriptions[s] = published.subscriptionId();
    arrivals[s] = published.receivedNanos();
    starts[s] = data.end();
    int at = starts[s];
    at = data.put(at, e.json());
    at = data.put(at, type);
    at = data.put(at, model);
    at = data.put(at, dsn);
    data.put(at, property);
    lengths[5 * s] = json;
    lengths[5 * s + 1] = lenOrNull(type);
    lengths[5 * s + 2] = lenOrNull(model);
    lengths[5 * s + 3] = lenOrNull(dsn);
    lengths[5 * s + 4] = lenOrNull(property);
    rebuilt[s] = null;
    data.appended(need);
    size++;
    long cost = SLOT_BYTES + need;
    bytes += cost;
    while (bytes > maxBytes && size > 1) {
      removeOldest();
    }
    budget.grew(cost);
  }

  int size() {
    return size;
  }

  /** The seq of the oldest event held, or -1 when empty. */
  long oldestSeq() {
    return size == 0 ? -1 : seqs[slot(0)];
  }

  @Override
  public long bytes() {
    return bytes;
  }

  void clear() {
    head = 0;
    size = 0;
    data.clear();
    java.util.Arrays.fill(rebuilt, null);
    budget.shrank(bytes);
    bytes = 0;
  }

  /** The stream is gone: its events leave the budget with it, and the rings are let go. */
  void release() {
    clear();
    seqs = new long[0];
    subscriptions = new long[0];
    arrivals = new long[0];
    starts = new int[0];
    lengths = new int[0];
    rebuilt = new HubEvent[0];
    data.release();
    budget.unregister(this);
  }

  /** Drops the oldest events until at most {@code level} bytes are counted, and gives back a byte ring now mostly empty. */
  @Override
  public int trimTo(long level) {
    long before = bytes;
    int dropped = 0;
    while (bytes > level && size > 1) {
      dropOldest();
      dropped++;
    }
    budget.shrank(before - bytes);
    if (data.used() < data.capacity() / 4 && data.capacity() > FIRST_BYTES) {
      resizeData(Math.max(FIRST_BYTES, 2 * data.used()));
    }
    return dropped;
  }

  /**
   * The events with seq greater than {@code afterSeq}. When the oldest held event is more than one
   * past it (older ones evicted, or never seen by this gateway), the replay says so.
   */
  ReplayBuffer.Replay<HubEvent> after(long afterSeq) {
    if (size == 0) {
      return new ReplayBuffer.Replay<>(List.of(), false, 0, 0);
    }
    int from = firstIndexAfter(afterSeq);
    long oldest = seqs[slot(0)];
    return new ReplayBuffer.Replay<>(
        events(from, size), oldest > afterSeq + 1, afterSeq + 1, oldest - 1);
  }

  /** The newest {@code n} events at most, oldest first. */
  List<HubEvent> last(int n) {
    return events(size - Math.min(n, size), size);
  }

  private List<HubEvent> events(int from, int to) {
    List<HubEvent> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(event(slot(i)));
    }
    return out;
  }

  private HubEvent event(int s) {
    HubEvent e = rebuilt[s];
    if (e == null) {
      int at = starts[s];
      byte[] json = new byte[lengths[5 * s]];
      at = data.get(at, json);
      String[] fields = new String[4];
      for (int f = 0; f < 4; f++) {
        int n = lengths[5 * s + 1 + f];
        if (n != NULL) {
          byte[] b = new byte[n];
          at = data.get(at, b);
          fields[f] = new String(b, StandardCharsets.UTF_8);
        }
      }
      StreamEvent event =
          new StreamEvent(seqs[s], fields[0], fields[1], fields[2], fields[3], Buffer.buffer(json));
      e = rebuild.event(subscriptions[s], event, arrivals[s]);
      rebuilt[s] = e;
    }
    return e;
  }

  /** Evicts the oldest events (or grows the byte ring, below its bound) until {@code need} more bytes fit. */
  private void makeRoom(int need) {
    while (data.capacity() == 0 || data.free() < need) {
      long bound = Math.min(Integer.MAX_VALUE - 8, Math.max(maxBytes, need));
      if (data.capacity() < bound) {
        resizeData(
            (int)
                Math.min(
                    bound,
                    Math.max(2L * data.capacity(), Math.max(FIRST_BYTES, data.used() + need))));
      } else if (size > 0) {
        removeOldest();
      } else {
        return;
      }
    }
  }

  private void growSlots() {
    int n = (int) Math.min(capacity, Math.max(FIRST_SLOTS, 2L * seqs.length));
    long[] newSeqs = new long[n];
    long[] newSubs = new long[n];
    long[] newArrivals = new long[n];
    int[] newStarts = new int[n];
    int[] newLengths = new int[5 * n];
    HubEvent[] newRebuilt = new HubEvent[n];
    for (int i = 0; i < size; i++) {
      int s = slot(i);
      newSeqs[i] = seqs[s];
      newSubs[i] = subscriptions[s];
      newArrivals[i] = arrivals[s];
      newStarts[i] = starts[s];
      System.arraycopy(lengths, 5 * s, newLengths, 5 * i, 5);
      newRebuilt[i] = rebuilt[s];
    }
    seqs = newSeqs;
    subscriptions = newSubs;
    arrivals = newArrivals;
    starts = newStarts;
    lengths = newLengths;
    rebuilt = newRebuilt;
    head = 0;
  }

  /** A byte ring of {@code n} bytes, the kept bytes moved to its start (and each event's start with them). */
  private void resizeData(int n) {
    for (int i = 0; i < size; i++) {
      starts[slot(i)] = data.offset(starts[slot(i)]);
    }
    data.resize(n);
  }

  private void removeOldest() {
    budget.shrank(dropOldest());
  }

  /** Drops the oldest event; answers what it counted (the budget is told by the caller). */
  private long dropOldest() {
    int s = slot(0);
    int len = eventBytes(s);
    rebuilt[s] = null;
    head = (head + 1) % seqs.length;
    size--;
    data.dropped(len);
    long cost = SLOT_BYTES + len;
    bytes -= cost;
    return cost;
  }

  private int eventBytes(int s) {
    int n = lengths[5 * s];
    for (int f = 1; f < 5; f++) {
      n += Math.max(0, lengths[5 * s + f]);
    }
    return n;
  }

  private int firstIndexAfter(long seq) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (seqs[slot(mid)] <= seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int slot(int i) {
    return (head + i) % seqs.length;
  }

  /** The UTF-8 of a field; the same array for the same string while it keeps coming (a stream's type and model). */
  private byte[] utf8(String s) {
    if (s == null) {
      return null;
    }
    for (int i = 0; i < lastStrings.length; i++) {
      if (s.equals(lastStrings[i])) {
        return lastUtf8[i];
      }
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    lastStrings[nextLast] = s;
    lastUtf8[nextLast] = b;
    nextLast = (nextLast + 1) % lastStrings.length;
    return b;
  }

  private static int len(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static int lenOrNull(byte[] b) {
    return b == null ? NULL : b.length;
  }
}
