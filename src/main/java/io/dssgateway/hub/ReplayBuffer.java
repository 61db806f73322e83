package io.dssgateway.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events of one stream incarnation, by increasing seq, for {@code Last-Event-ID} resume:
 * at most {@code capacity} events and {@code maxBytes} bytes of heap for them (see {@link #heapOf};
 * the newest event is always kept), the oldest going first, and within a {@link ReplayBudget}
 * shared with the hub's other buffers. Used only on the hub's context.
 */
public final class ReplayBuffer {

  /** What a resume gets: the events after the cursor, and whether some were already gone. */
  public record Replay(List<HubEvent> events, boolean gap, long missingFrom, long missingTo) {
  }

  /** Per event, beside the bytes of its arrays and strings: 571 measured on JDK 17 with compressed references. */
  static final long EVENT_OVERHEAD = 576;

  private final HubEvent[] ring;
  private int head; // index of the oldest
  private int size;
  private final long maxBytes;
  private final ReplayBudget budget;
  private long bytes;

  public ReplayBuffer(int capacity) {
    this(capacity, Long.MAX_VALUE);
  }

  public ReplayBuffer(int capacity, long maxBytes) {
    this(capacity, maxBytes, ReplayBudget.unbounded());
  }

  ReplayBuffer(int capacity, long maxBytes, ReplayBudget budget) {
    this.ring = new HubEvent[Math.max(1, capacity)];
    this.maxBytes = maxBytes;
    this.budget = budget;
    budget.register(this);
  }

  public void add(HubEvent event) {
    if (size == ring.length) {
      removeOldest();
    }
    ring[(head + size) % ring.length] = event;
    size++;
    long cost = heapOf(event);
    bytes += cost;
    while (bytes > maxBytes && size > 1) {
      removeOldest();
    }
    budget.grew(cost);
  }

  public int size() {
    return size;
  }

  /** The seq of the oldest event held, or -1 when empty. */
  public long oldestSeq() {
    return size == 0 ? -1 : get(0).seq();
  }

  /** Heap held by the events kept, as {@link #heapOf} counts it. */
  public long bytes() {
    return bytes;
  }

  public void clear() {
    java.util.Arrays.fill(ring, null);
    head = 0;
    size = 0;
    budget.shrank(bytes);
    bytes = 0;
  }

  /** The stream is gone: its events leave the budget with it. */
  void release() {
    clear();
    budget.unregister(this);
  }

  /** Drops the oldest events until at most {@code level} bytes are held (the newest always stays); answers how many went. */
  int trimTo(long level) {
    long freed = 0;
    int dropped = 0;
    while (bytes > level && size > 1) {
      freed += dropOldest();
      dropped++;
    }
    budget.shrank(freed);
    return dropped;
  }

  private void removeOldest() {
    budget.shrank(dropOldest());
  }

  /** Drops the oldest event; answers the heap it took (the budget is told by the caller). */
  private long dropOldest() {
    long cost = heapOf(ring[head]);
    bytes -= cost;
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    return cost;
  }

  /**
   * What one kept event costs on the heap: its three byte arrays (the JSON, its SSE encoding, its
   * id line), the strings filters match on, and the objects around them (the event records, three
   * buffers with their Netty byte buffers, the ring's slot). {@code ReplayHeapTest} checks the
   * estimate against a measured heap.
   */
  static long heapOf(HubEvent e) {
    StreamEvent event = e.event();
    return EVENT_OVERHEAD + e.position().length() + e.body().length() + event.json().length()
        + chars(event.eventType()) + chars(event.oemModel()) + chars(event.dsn()) + chars(event.propertyName());
  }

  private static long chars(String s) {
    return s == null ? 0 : s.length();
  }

  /**
   * The events with seq greater than {@code afterSeq}. When the oldest held event is more than one
   * past it (older ones evicted, or never seen by this gateway), the replay says so.
   */
  public Replay after(long afterSeq) {
    if (size == 0) {
      return new Replay(List.of(), false, 0, 0);
    }
    int from = firstIndexAfter(afterSeq);
    List<HubEvent> events = new ArrayList<>(size - from);
    for (int i = from; i < size; i++) {
      events.add(get(i));
    }
    long oldest = get(0).seq();
    boolean gap = oldest > afterSeq + 1;
    return new Replay(events, gap, afterSeq + 1, oldest - 1);
  }

  private int firstIndexAfter(long seq) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(mid).seq() <= seq) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private HubEvent get(int i) {
    return ring[(head + i) % ring.length];
  }
}
