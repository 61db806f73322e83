package io.dssgateway.hub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The heap all replay buffers of a hub may take together. When they pass it, every buffer above a
 * common level is trimmed to it (the oldest events first), so busy streams give up their oldest
 * events and quiet ones keep theirs; they are trimmed a sixteenth below the budget so the next trim
 * comes only after as much again has arrived. Used only on the hub's context.
 */
final class ReplayBudget {

  /** A buffer inside the budget: what it counts, and how it gives some back. */
  interface Member {
    long bytes();

    /** Drops its oldest events until at most {@code level} bytes are counted (its newest stays); answers how many went. */
    int trimTo(long level);
  }

  /** No budget: each buffer is bounded only by its own limits. */
  static ReplayBudget unbounded() {
    return new ReplayBudget(0);
  }

  private final long budget;
  private final Set<Member> buffers = new LinkedHashSet<>();
  private long total;
  private long trimmedEvents;

  /** @param budget bytes of heap in all, 0 = none */
  ReplayBudget(long budget) {
    this.budget = budget;
  }

  void register(Member buffer) {
    buffers.add(buffer);
  }

  void unregister(Member buffer) {
    if (buffers.remove(buffer)) {
      total -= buffer.bytes();
    }
  }

  void grew(long bytes) {
    total += bytes;
    if (budget > 0 && total > budget) {
      trim(budget - budget / 16);
    }
  }

  void shrank(long bytes) {
    total -= bytes;
  }

  /** Heap held by every registered buffer. */
  long bytes() {
    return total;
  }

  /** Events let go to stay inside the budget, since the start. */
  long trimmedEvents() {
    return trimmedEvents;
  }

  /** Water-filling: the highest level L with the sum of min(size, L) within the target; each buffer above L goes down to it. */
  private void trim(long target) {
    List<Member> all = new ArrayList<>(buffers);
    long[] sizes = new long[all.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = all.get(i).bytes();
    }
    long[] sorted = sizes.clone();
    Arrays.sort(sorted);
    long below = 0;
    long level = 0;
    for (int k = 0; k < sorted.length; k++) {
      long above = sorted.length - k;
      if (below + above * sorted[k] >= target) {
        level = (target - below) / above;
        break;
      }
      below += sorted[k];
      level = sorted[k];
    }
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] > level) {
        trimmedEvents += all.get(i).trimTo(level);
      }
    }
  }
}
