package io.dssgateway.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events of one stream incarnation, by increasing seq, for a resume: at most
 * {@code capacity} events and {@code maxBytes} bytes of heap for them (as each {@link Entry} counts
 * itself; the newest is always kept), the oldest going first, and within a {@link ReplayBudget} shared
 * with other buffers. The hub keeps its streams' encoded events in one (for {@code Last-Event-ID}), a
 * cluster holder its bus frames (for replicas that joined late). Used on one thread.
 */
public final class ReplayBuffer<E extends ReplayBuffer.Entry> implements ReplayBudget.Member {

  /** What a buffer keeps: something with a seq that knows what it costs on the heap. */
  public interface Entry {
    long seq();

    /** Heap it takes with everything only it holds (bytes, strings, the objects around them). */
    long heapBytes();
  }

  /** What a resume gets: the events after the cursor, and whether some were already gone. */
  public record Replay<E>(List<E> events, boolean gap, long missingFrom, long missingTo) {}

  private static final int FIRST_RING = 16;

  private final int capacity;
  private Entry[]
      ring; // grows to capacity as events come: an idle stream holds a few slots, not all
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
    this.capacity = Math.max(1, capacity);
    this.ring = new Entry[Math.min(this.capacity, FIRST_RING)];
    this.maxBytes = maxBytes;
    this.budget = budget;
    budget.register(this);
  }

  /** Keeps an event newer than every one kept; an older or equal seq (a re-read) is not kept twice. */
  public void add(E event) {
    if (size > 0 && event.seq() <= get(size - 1).seq()) {
      return;
    }
    if (size == ring.length) {
      if (ring.length < capacity) {
        grow();
      } else {
        removeOldest();
      }
    }
    ring[(head + size) % ring.length] = event;
    size++;
    long cost = event.heapBytes();
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

  /** Heap held by the events kept, as each {@link Entry} counts itself. */
  @Override
  public long bytes() {
    return bytes;
  }

  public void clear() {
    ring = new Entry[Math.min(capacity, FIRST_RING)];
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

  @Override
  public int trimTo(long level) {
    long freed = 0;
    int dropped = 0;
    while (bytes > level && size > 1) {
      freed += dropOldest();
      dropped++;
    }
    budget.shrank(freed);
    return dropped;
  }

  /** Doubles the ring (up to the capacity), the oldest event first. */
  private void grow() {
    Entry[] bigger = new Entry[(int) Math.min(capacity, 2L * ring.length)];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) % ring.length];
    }
    ring = bigger;
    head = 0;
  }

  private void removeOldest() {
    budget.shrank(dropOldest());
  }

  /** Drops the oldest event; answers the heap it took (the budget is told by the caller). */
  private long dropOldest() {
    long cost = ring[head].heapBytes();
    bytes -= cost;
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    return cost;
  }

  /**
   * The events with seq greater than {@code afterSeq}. When the oldest held event is more than one
   * past it (older ones evicted, or never seen by this gateway), the replay says so.
   */
  public Replay<E> after(long afterSeq) {
    if (size == 0) {
      return new Replay<>(List.of(), false, 0, 0);
    }
    int from = firstIndexAfter(afterSeq);
    List<E> events = new ArrayList<>(size - from);
    for (int i = from; i < size; i++) {
      events.add(get(i));
    }
    long oldest = get(0).seq();
    boolean gap = oldest > afterSeq + 1;
    return new Replay<>(events, gap, afterSeq + 1, oldest - 1);
  }

  /** The newest {@code n} events at most, oldest first. */
  public List<E> last(int n) {
    int count = Math.min(n, size);
    List<E> out = new ArrayList<>(count);
    for (int i = size - count; i < size; i++) {
      out.add(get(i));
    }
    return out;
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

  @SuppressWarnings("unchecked")
  private E get(int i) {
    return (E) ring[(head + i) % ring.length];
  }
}
