package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;

/**
 * Entries of increasing seq kept packed for a resume: each entry's bytes copied into one {@link
 * ByteRing}, its seq and place in primitive arrays, so what is kept holds no object a young
 * collection copies or promotes, and a ring at its bounds overwrites its oldest bytes in place. At
 * most {@code capacity} entries and {@code maxBytes} counted bytes ({@link #SLOT_BYTES} plus its
 * length an entry, the newest always kept), the oldest going first, inside a {@link ReplayBudget}.
 * The arrays grow to their bounds as entries come (holding up to twice what is counted while they
 * grow) and shrink to a quarter above it when the budget trims them. An entry may carry one object
 * beside (what a reader rebuilt of it), let go with the entry; what those take is kept apart from
 * what is counted ({@link #carriedBytes}), for the reader to bound. Used on one thread.
 */
public final class PackedRing implements ReplayBudget.Member {

  /** Per entry beside its bytes: its seq, place and length. */
  public static final int SLOT_BYTES = Long.BYTES + 2 * Integer.BYTES;

  private static final int FIRST_SLOTS = 16;
  private static final int FIRST_BYTES = 1024;

  private final int capacity;
  private final long maxBytes;
  private final ReplayBudget budget;
  private final ByteRing data = new ByteRing();
  private long[] seqs = new long[0];
  private int[] starts = new int[0];
  private int[] lengths = new int[0];
  private Object[] carried = new Object[0];
  private int[] carriedCosts = new int[0];
  private long carriedBytes;
  private int head;
  private int size;
  private long bytes;

  /** A ring bounded only by its own limits. */
  public PackedRing(int capacity, long maxBytes) {
    this(capacity, maxBytes, ReplayBudget.unbounded());
  }

  PackedRing(int capacity, long maxBytes, ReplayBudget budget) {
    this.capacity = Math.max(1, capacity);
    this.maxBytes = maxBytes;
    this.budget = budget;
    budget.register(this);
  }

  /** Writes an entry's bytes into the ring at {@code at} (wrapping as {@link ByteRing#put} does). */
  public interface Writer {
    void write(ByteRing ring, int at);
  }

  /** Keeps an entry newer than every one kept; answers false for an older or equal seq (not kept twice). */
  public boolean add(long seq, Buffer entry) {
    return add(seq, entry.length(), (ring, at) -> ring.put(at, entry));
  }

  /** As {@link #add(long, Buffer)}, the entry's {@code length} bytes written by {@code writer}. */
  public boolean add(long seq, int length, Writer writer) {
    if (size > 0 && seq <= seqs[slot(size - 1)]) {
      return false;
    }
    if (size == seqs.length) {
      if (seqs.length < capacity) {
        growSlots();
      } else {
        removeOldest();
      }
    }
    makeRoom(length);
    int s = slot(size);
    seqs[s] = seq;
    starts[s] = data.end();
    lengths[s] = length;
    carried[s] = null;
    carriedBytes -= carriedCosts[s];
    carriedCosts[s] = 0;
    writer.write(data, starts[s]);
    data.appended(length);
    size++;
    long cost = SLOT_BYTES + length;
    bytes += cost;
    while (bytes > maxBytes && size > 1) {
      removeOldest();
    }
    budget.grew(cost);
    return true;
  }

  /** The seq of the newest entry held, or -1 when empty. */
  public long newestSeq() {
    return size == 0 ? -1 : seqs[slot(size - 1)];
  }

  public int size() {
    return size;
  }

  /** The seq of the oldest entry held, or -1 when empty. */
  public long oldestSeq() {
    return size == 0 ? -1 : seqs[slot(0)];
  }

  /** The seq of the {@code i}th entry, oldest first. */
  public long seq(int i) {
    return seqs[slot(i)];
  }

  /** A copy of the {@code i}th entry's bytes. */
  public byte[] entry(int i) {
    int s = slot(i);
    byte[] out = new byte[lengths[s]];
    data.get(starts[s], out);
    return out;
  }

  /** What the {@code i}th entry carries beside its bytes (null if nothing). */
  public Object carried(int i) {
    return carried[slot(i)];
  }

  /** Attaches an object to the {@code i}th entry, taking {@code cost} bytes apart from the count. */
  public void carry(int i, Object o, int cost) {
    int s = slot(i);
    carriedBytes += cost - carriedCosts[s];
    carried[s] = o;
    carriedCosts[s] = cost;
  }

  /** What the objects its entries carry take. */
  public long carriedBytes() {
    return carriedBytes;
  }

  /** The index of the first entry with a seq greater than {@code seq} ({@link #size} when none). */
  public int firstAfter(long seq) {
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

  /** Appends the bytes of every entry after {@code seq}, oldest first, to {@code out}. */
  public Buffer appendAfter(long seq, Buffer out) {
    for (int i = firstAfter(seq); i < size; i++) {
      data.appendTo(starts[slot(i)], lengths[slot(i)], out);
    }
    return out;
  }

  @Override
  public long bytes() {
    return bytes;
  }

  /** What its arrays take, used or not: its byte ring and its slots. */
  long arrayBytes() {
    return data.capacity() + (long) seqs.length * SLOT_BYTES;
  }

  public void clear() {
    head = 0;
    size = 0;
    data.clear();
    budget.shrank(bytes);
    bytes = 0;
    java.util.Arrays.fill(carried, null);
    java.util.Arrays.fill(carriedCosts, 0);
    carriedBytes = 0;
  }

  /** The stream is gone: its entries leave the budget with it, and the arrays are let go. */
  public void release() {
    clear();
    seqs = new long[0];
    starts = new int[0];
    lengths = new int[0];
    carried = new Object[0];
    carriedCosts = new int[0];
    data.release();
    budget.unregister(this);
  }

  /** Drops the oldest entries until at most {@code level} bytes are counted, and gives back a byte ring now mostly empty. */
  @Override
  public int trimTo(long level) {
    long before = bytes;
    int dropped = 0;
    while (bytes > level && size > 1) {
      dropOldest();
      dropped++;
    }
    budget.shrank(before - bytes);
    if (data.capacity() > FIRST_BYTES && data.capacity() > data.used() + data.used() / 2) {
      resizeData(Math.max(FIRST_BYTES, data.used() + data.used() / 4));
    }
    if (seqs.length > FIRST_SLOTS && seqs.length > size + size / 2) {
      resizeSlots(Math.max(FIRST_SLOTS, size + size / 4));
    }
    return dropped;
  }

  /** Evicts the oldest entries (or grows the byte ring, below its bound) until {@code need} more bytes fit. */
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
    resizeSlots((int) Math.min(capacity, Math.max(FIRST_SLOTS, 2L * seqs.length)));
  }

  /** Slot arrays of {@code n} slots (at least {@link #size}), the oldest entry first. */
  private void resizeSlots(int n) {
    long[] newSeqs = new long[n];
    int[] newStarts = new int[n];
    int[] newLengths = new int[n];
    Object[] newCarried = new Object[n];
    int[] newCosts = new int[n];
    for (int i = 0; i < size; i++) {
      int s = slot(i);
      newSeqs[i] = seqs[s];
      newStarts[i] = starts[s];
      newLengths[i] = lengths[s];
      newCarried[i] = carried[s];
      newCosts[i] = carriedCosts[s];
    }
    seqs = newSeqs;
    starts = newStarts;
    lengths = newLengths;
    carried = newCarried;
    carriedCosts = newCosts;
    head = 0;
  }

  /** A byte ring of {@code n} bytes, the kept bytes moved to its start (and each entry's start with them). */
  private void resizeData(int n) {
    for (int i = 0; i < size; i++) {
      starts[slot(i)] = data.offset(starts[slot(i)]);
    }
    data.resize(n);
  }

  private void removeOldest() {
    budget.shrank(dropOldest());
  }

  /** Drops the oldest entry; answers what it counted (the budget is told by the caller). */
  private long dropOldest() {
    int s = slot(0);
    int length = lengths[s];
    carried[s] = null;
    carriedBytes -= carriedCosts[s];
    carriedCosts[s] = 0;
    head = (head + 1) % seqs.length;
    size--;
    data.dropped(length);
    long cost = SLOT_BYTES + length;
    bytes -= cost;
    return cost;
  }

  private int slot(int i) {
    return (head + i) % seqs.length;
  }
}
