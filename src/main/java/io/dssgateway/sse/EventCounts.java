package io.dssgateway.sse;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ObjIntConsumer;

/**
 * Events counted by type, in the order their types first came. A stream carries at most the
 * five DSS types, so two short arrays searched in order beat a map.
 */
final class EventCounts {

  private String[] types = {}; // a browser that never gets an event never grows them
  private int[] counts = {};
  private int size;
  private int total;

  void add(String type, int count) {
    if (count == 0) {
      return;
    }
    total += count;
    for (int i = 0; i < size; i++) {
      if (Objects.equals(types[i], type)) {
        counts[i] += count;
        return;
      }
    }
    if (size == types.length) {
      types = Arrays.copyOf(types, Math.max(2, size * 2));
      counts = Arrays.copyOf(counts, types.length);
    }
    types[size] = type;
    counts[size++] = count;
  }

  void addAll(EventCounts other) {
    for (int i = 0; i < other.size; i++) {
      add(other.types[i], other.counts[i]);
    }
  }

  int total() {
    return total;
  }

  void forEach(ObjIntConsumer<String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(types[i], counts[i]);
    }
  }

  void clear() {
    Arrays.fill(types, 0, size, null);
    size = 0;
    total = 0;
  }
}
