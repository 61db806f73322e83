package io.dssgateway.history;

import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamTap;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a browser resuming a collected stream gets from history, gathered from the database and the
 * writer's queue: events and recorded holes, kept only while together they run on without a break
 * from the cursor, at most {@code max} events.
 */
final class ResumeRead {

  private final int max;
  private final List<StreamEvent> events = new ArrayList<>();
  private final List<StreamTap.Missing> missing = new ArrayList<>();
  private final TreeMap<Long, StreamTap.Missing> known = new TreeMap<>();
  private long last;

  ResumeRead(long afterSeq, int max) {
    this.last = afterSeq;
    this.max = max;
  }

  /** The last seq reached, by an event or a hole. */
  long last() {
    return last;
  }

  /** How many more events it takes. */
  int room() {
    return max - events.size();
  }

  void holes(List<StreamTap.Missing> holes) {
    holes.forEach(h -> known.put(h.fromSeq(), h));
  }

  /** Takes the event if it is the next one, passing the recorded holes before it. */
  void add(StreamEvent e, LostSeqs lostBefore) {
    if (lostBefore != null) {
      known.put(lostBefore.fromSeq(), lostBefore.missing());
    }
    if (room() <= 0 || e.seq() <= last) {
      return;
    }
    var hole = known.floorEntry(last + 1);
    while (hole != null && hole.getValue().toSeq() > last && hole.getValue().toSeq() < e.seq()) {
      missing.add(
          new StreamTap.Missing(last + 1, hole.getValue().toSeq(), hole.getValue().reason()));
      last = hole.getValue().toSeq();
      hole = known.floorEntry(last + 1);
    }
    if (e.seq() == last + 1) {
      events.add(e);
      last = e.seq();
    }
  }

  StreamTap.Archive archive() {
    return new StreamTap.Archive(List.copyOf(events), List.copyOf(missing));
  }
}
