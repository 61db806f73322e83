package io.dssgateway.sse;

import io.dssgateway.common.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The browsers of one event loop that read one stream, indexed by the devices they asked for: an
 * event is offered to those that read every device of the stream and to those that named its DSN,
 * never to the others, so an event for one device costs the browsers that may want it, not every
 * browser of the stream. Also where this loop stands in the stream: every event up to it was offered
 * to each browser that could want it, so a browser's cursor is at least that far. One loop's thread.
 */
final class StreamReaders<C> {

  private final Position position = new Position();
  private final List<C> everyDevice = new ArrayList<>();
  private final Map<String, List<C>> byDsn = new HashMap<>();
  private int size;

  /** @param dsns the devices the browser asked for; empty for every device */
  void add(C reader, Set<String> dsns) {
    if (dsns.isEmpty()) {
      everyDevice.add(reader);
    } else {
      for (String dsn : dsns) {
        byDsn.computeIfAbsent(dsn, d -> new ArrayList<>(1)).add(reader);
      }
    }
    size++;
  }

  /** Returns true when no reader is left. */
  boolean remove(C reader, Set<String> dsns) {
    boolean removed;
    if (dsns.isEmpty()) {
      removed = everyDevice.remove(reader);
    } else {
      removed = false;
      for (String dsn : dsns) {
        List<C> named = byDsn.get(dsn);
        if (named != null && named.remove(reader)) {
          removed = true;
          if (named.isEmpty()) {
            byDsn.remove(dsn);
          }
        }
      }
    }
    if (removed) {
      size--;
    }
    return size == 0;
  }

  /**
   * Offers an event, then moves this loop's position past it: to every reader when it opens a
   * subscription (each must hear of the new incarnation), else to those that may want its device.
   * The position moves only once the event was offered, so a cursor written while offering it never
   * claims it.
   */
  void offer(long subscriptionId, long seq, String dsn, Consumer<C> each, Skipped<C> skipped) {
    if (subscriptionId == position.subscriptionId() && seq > position.lastSeq() + 1) {
      // every event of the stream reaches this loop in order: a jump here is one the upstream made
      long from = position.lastSeq() + 1;
      all().forEach(reader -> skipped.seqs(reader, from, seq - 1));
    }
    if (subscriptionId != position.subscriptionId()) {
      all().forEach(each); // rare: each reader once, whatever devices it named
    } else {
      everyDevice.forEach(each);
      List<C> named = dsn == null ? null : byDsn.get(dsn);
      if (named != null) {
        named.forEach(each);
      }
    }
    position.arrive(subscriptionId, seq);
  }

  /** Every reader, once each. */
  List<C> all() {
    java.util.Set<C> all = new java.util.LinkedHashSet<>(everyDevice);
    byDsn.values().forEach(all::addAll);
    return new ArrayList<>(all);
  }

  /** Tells a reader that the stream went on without some seqs (no reader got them). */
  interface Skipped<C> {
    void seqs(C reader, long from, long to);
  }

  /** Where this loop stands in the stream (readers' cursors are at least this far). */
  Position position() {
    return position;
  }

  int size() {
    return size;
  }
}
