package io.dssgateway.hub;

import java.util.List;

/**
 * An ordered, non-blocking way from the hub to a group of subscribers (for example the browsers of
 * one event loop). The hub calls it only on its own context; messages arrive in the order sent, so
 * a subscriber that joined gets its replay and then exactly the live events after it.
 *
 * @param <S> the subscriber type of the side that implements the channel
 */
public interface Channel<S> {

  /**
   * One stream a subscriber joined: the events to replay, what was no longer available before them,
   * and the holes among them (each told before the replayed event at its index).
   */
  record Joined(
      HubStream stream,
      long subscriptionId,
      long headSeq,
      List<HubEvent> replay,
      Gap gap,
      List<Hole> holes) {

    Joined(HubStream stream, long subscriptionId, long headSeq, List<HubEvent> replay, Gap gap) {
      this(stream, subscriptionId, headSeq, replay, gap, List.of());
    }
  }

  /** Seqs lost for good in the middle of a replay: told before {@code replay.get(beforeIndex)}. */
  record Hole(int beforeIndex, Gap gap) {}

  /** Events the subscriber asked to resume from that are gone. */
  record Gap(String eventType, long fromSeq, long toSeq, String reason) {}

  /** The subscriber's attach succeeded: give {@code attachment} back to {@link Hub#detach} when it leaves. */
  void joined(S subscriber, Hub.Attachment attachment, List<Joined> streams);

  /** The subscriber's attach failed (an {@code HttpError} says why); nothing is held for it. */
  void refused(S subscriber, Throwable cause);

  void deliver(HubStream stream, HubEvent event);
}
