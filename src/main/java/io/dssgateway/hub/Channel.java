package io.dssgateway.hub;

import java.util.List;

/**
 * An ordered, non-blocking way from the hub to a set of browser connections (one per event loop).
 * The hub calls it only on its own context; joins and events arrive in the order they were sent,
 * so a joining connection gets its replay and then exactly the live events after it.
 */
public interface Channel {

  /** One stream a subscriber joined: the events to replay, and what was no longer available. */
  record Joined(HubStream stream, long subscriptionId, long headSeq, List<HubEvent> replay, Gap gap) {
  }

  /** Events the subscriber asked to resume from that are gone. */
  record Gap(String eventType, long fromSeq, long toSeq, String reason) {
  }

  void joined(Object subscriber, List<Joined> streams);

  void deliver(HubStream stream, HubEvent event);
}
