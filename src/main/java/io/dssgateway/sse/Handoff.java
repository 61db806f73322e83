package io.dssgateway.sse;

import io.dssgateway.hub.Channel;
import io.dssgateway.hub.EventIdentity;
import io.dssgateway.hub.HubEvent;
import io.dssgateway.hub.HubStream;
import io.dssgateway.hub.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event loop's move of its browsers from one stream onto another that covers it. The two are
 * different Ayla subscriptions with their own seqs, but each device event reaches both: the loop
 * keeps its browsers on the old stream, notes the events of each, and switches once the new stream
 * has caught up with the old one's latest event. From there the browsers read the new stream from
 * the seq of the last event they already had, and whatever of it they got from the old stream only
 * moves their cursor. One loop's thread.
 */
final class Handoff {

  /** With no event on the old stream since the move began, how long to wait for one in flight. */
  static final long QUIET_MILLIS = 1000;

  /** Past this the loop switches anyway (an event the new stream never gets would hold it forever). */
  static final long MAX_MILLIS = 10_000;

  /** New-stream events kept while waiting; past this the loop switches anyway. */
  static final int MAX_WAITING = 10_000;

  private final Channel.Handover handover;
  private final long startedAt;
  private final Map<String, Long> toSeqs = new HashMap<>();
  private final List<HubEvent> toEvents = new ArrayList<>();
  private final List<String> toIds = new ArrayList<>();
  private final Set<String> fromIds = new HashSet<>();
  private String lastFrom;
  private long lastFromNanos;
  private boolean fromSinceStart;
  private int waiting;

  Handoff(Channel.Handover handover, long nowMillis) {
    this.handover = handover;
    this.startedAt = nowMillis;
    handover.toRecent().forEach(this::noteTo);
    handover.fromRecent().forEach(e -> noteFrom(e));
  }

  HubStream from() {
    return handover.from();
  }

  HubStream to() {
    return handover.to();
  }

  Channel.Handover handover() {
    return handover;
  }

  /** An event of the old stream, already offered to the browsers that still read it. */
  void fromEvent(HubEvent e) {
    noteFrom(e);
    fromSinceStart = true;
  }

  /** An event of the new stream, kept until the switch. */
  void toEvent(HubEvent e) {
    noteTo(e);
    waiting++;
  }

  /** Whether to switch now. */
  boolean ready(long nowMillis) {
    if (lastFrom == null || toSeqs.containsKey(lastFrom)) {
      return true; // the new stream has everything the browsers have had
    }
    long waited = nowMillis - startedAt;
    // quiet since the move began, and the old stream's last event came before the new one opened
    // (so the new one never gets it): nothing is in flight between them
    boolean quiet =
        !fromSinceStart && waited >= QUIET_MILLIS && lastFromNanos - handover.toOpenedNanos() < 0;
    return quiet || waited >= MAX_MILLIS || waiting >= MAX_WAITING;
  }

  /** True when the loop switched before the new stream was seen to catch up (logged: may lose or repeat). */
  boolean forced() {
    return lastFrom != null
        && !toSeqs.containsKey(lastFrom)
        && (fromSinceStart || lastFromNanos - handover.toOpenedNanos() >= 0);
  }

  /** The seq of the new stream the browsers stand at when they switch: the last one they already had. */
  long switchSeq() {
    long seq = -1;
    for (String id : fromIds) {
      Long s = toSeqs.get(id);
      if (s != null && s > seq) {
        seq = s;
      }
    }
    return seq >= 0 ? seq : handover.toHead().lastSeq();
  }

  /** The new stream's events after {@code seq}, each with whether the browsers already had it. */
  void after(long seq, Each each) {
    for (int i = 0; i < toEvents.size(); i++) {
      HubEvent e = toEvents.get(i);
      if (e.seq() > seq) {
        each.event(e, fromIds.contains(toIds.get(i)));
      }
    }
  }

  /** One new-stream event to offer the moved browsers. */
  interface Each {
    void event(HubEvent e, boolean hadIt);
  }

  private void noteFrom(HubEvent e) {
    StreamEvent ev = e.event();
    if (!handover.to().key().filter().matches(ev.oemModel(), ev.dsn(), ev.propertyName())) {
      return; // the new stream never carries it (a device no longer planned for)
    }
    lastFrom = EventIdentity.of(ev);
    lastFromNanos = e.receivedNanos();
    fromIds.add(lastFrom);
  }

  private void noteTo(HubEvent e) {
    if (!toEvents.isEmpty() && e.seq() <= toEvents.get(toEvents.size() - 1).seq()) {
      return; // already noted (a recent event delivered again)
    }
    String id = EventIdentity.of(e.event());
    toEvents.add(e);
    toIds.add(id);
    toSeqs.put(id, e.seq());
  }
}
