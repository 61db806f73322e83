package io.dssgateway.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N events of one stream incarnation, by increasing seq, for {@code Last-Event-ID}
 * resume. Used only on the hub's context.
 */
public final class ReplayBuffer {

  /** What a resume gets: the events after the cursor, and whether some were already gone. */
  public record Replay(List<HubEvent> events, boolean gap, long missingFrom, long missingTo) {
  }

  private final HubEvent[] ring;
  private int head; // index of the oldest
  private int size;

  public ReplayBuffer(int capacity) {
    this.ring = new HubEvent[Math.max(1, capacity)];
  }

  public void add(HubEvent event) {
    if (size == ring.length) {
      ring[head] = event;
      head = (head + 1) % ring.length;
    } else {
      ring[(head + size) % ring.length] = event;
      size++;
    }
  }

  public int size() {
    return size;
  }

  public void clear() {
    java.util.Arrays.fill(ring, null);
    head = 0;
    size = 0;
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
