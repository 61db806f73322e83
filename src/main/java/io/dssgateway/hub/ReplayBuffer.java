package io.dssgateway.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * The last events of one stream incarnation, by increasing seq, for {@code Last-Event-ID} resume:
 * at most {@code capacity} events and {@code maxBytes} bytes of them (their encodings and JSON; the
 * newest event is always kept), the oldest going first. Used only on the hub's context.
 */
public final class ReplayBuffer {

  /** What a resume gets: the events after the cursor, and whether some were already gone. */
  public record Replay(List<HubEvent> events, boolean gap, long missingFrom, long missingTo) {
  }

  private final HubEvent[] ring;
  private int head; // index of the oldest
  private int size;
  private final long maxBytes;
  private long bytes;

  public ReplayBuffer(int capacity) {
    this(capacity, Long.MAX_VALUE);
  }

  public ReplayBuffer(int capacity, long maxBytes) {
    this.ring = new HubEvent[Math.max(1, capacity)];
    this.maxBytes = maxBytes;
  }

  public void add(HubEvent event) {
    if (size == ring.length) {
      removeOldest();
    }
    ring[(head + size) % ring.length] = event;
    size++;
    bytes += bytesOf(event);
    while (bytes > maxBytes && size > 1) {
      removeOldest();
    }
  }

  public int size() {
    return size;
  }

  /** The seq of the oldest event held, or -1 when empty. */
  public long oldestSeq() {
    return size == 0 ? -1 : get(0).seq();
  }

  /** Bytes held: the encodings and JSON of the events kept. */
  public long bytes() {
    return bytes;
  }

  public void clear() {
    java.util.Arrays.fill(ring, null);
    head = 0;
    size = 0;
    bytes = 0;
  }

  private void removeOldest() {
    bytes -= bytesOf(ring[head]);
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
  }

  private static long bytesOf(HubEvent e) {
    return (long) e.position().length() + e.body().length() + e.event().json().length();
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
