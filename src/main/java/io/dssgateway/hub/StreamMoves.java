package io.dssgateway.hub;

import io.dssgateway.common.Position;
import java.util.List;

/**
 * The hub's side of moving browsers from a stream onto the planned one that replaces it. Each
 * channel reading the old stream is told to hand its browsers over; meanwhile the new stream is held
 * for it (it receives the new stream's events, and the stream cannot linger out), and the old one
 * stays open. When the channel has switched, its browsers count on the new stream and leave the old.
 * The channel decides when to switch so that nothing is lost or delivered twice. Hub context only.
 */
final class StreamMoves {

  /** Events of each stream handed to a channel to line the two streams up (they share no seqs). */
  static final int RECENT_EVENTS = 1000;

  private final SubscriptionPlanner planner;

  StreamMoves(SubscriptionPlanner planner) {
    this.planner = planner;
  }

  /** True when {@code target}, a planned stream, should take over the browsers of {@code from}. */
  boolean replaces(HubStream target, HubStream from) {
    if (from == target
        || from.moving()
        || from.collected() // its browsers resume from its history; it is held anyway
        || target.plan() == HubStream.Plan.NONE
        || target.state() != HubStream.State.LIVE && target.state() != HubStream.State.LINGERING
        || from.state() != HubStream.State.LIVE && from.state() != HubStream.State.LINGERING
        || from.channelsReading().isEmpty()) {
      return false;
    }
    if (from.plan() == HubStream.Plan.NONE) {
      return target.key().covers(from.key());
    }
    // a user-wide stream planned before the user's devices changed
    return target.plan() == HubStream.Plan.USER_DEVICES
        && from.plan() == HubStream.Plan.USER_DEVICES
        && planner.earlierPlanOf(from.key(), target.key());
  }

  /** @param moved what the hub does when a channel has switched {@code readers} browsers */
  void start(HubStream from, HubStream to, Moved moved) {
    for (Channel<?> channel : List.copyOf(from.channelsReading())) {
      from.moving(1);
      to.hold(channel);
      channel.move(
          new Channel.Handover(
              from,
              to,
              new Position(to.subscriptionId(), to.lastSeq()),
              to.openedNanos(),
              to.recent(RECENT_EVENTS),
              from.recent(RECENT_EVENTS),
              readers -> moved.moved(channel, from, to, readers)));
    }
  }

  /** The hub's answer to a channel that switched. */
  interface Moved {
    void moved(Channel<?> channel, HubStream from, HubStream to, int readers);
  }

  void finished(Channel<?> channel, HubStream from, HubStream to, int readers) {
    to.adopt(channel, readers);
    to.unhold(channel);
    for (int i = 0; i < readers; i++) {
      from.leave(channel);
    }
    from.moving(-1);
  }
}
