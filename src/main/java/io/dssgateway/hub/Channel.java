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

  /**
   * The browsers of {@code from} on this channel are to move onto {@code to}, a planned stream that
   * covers what they read; {@code to}'s events already reach this channel. The two streams share no
   * seqs: {@code toHead} is where {@code to} stood when the move began ({@code toOpenedNanos} when its
   * upstream opened, on the {@code System.nanoTime} clock of events' arrival), and the recent events of
   * each let the channel find where they meet. Once switched, the channel calls {@code done} with
   * the number of browsers it moved (0 to keep them where they are).
   */
  record Handover(
      HubStream from,
      HubStream to,
      io.dssgateway.common.Position toHead,
      long toOpenedNanos,
      List<HubEvent> toRecent,
      List<HubEvent> fromRecent,
      java.util.function.IntConsumer done) {}

  /** Events the subscriber asked to resume from that are gone. */
  record Gap(String eventType, long fromSeq, long toSeq, String reason) {}

  /** The subscriber's attach succeeded: give {@code attachment} back to {@link Hub#detach} when it leaves. */
  void joined(S subscriber, Hub.Attachment attachment, List<Joined> streams);

  /** The subscriber's attach failed (an {@code HttpError} says why); nothing is held for it. */
  void refused(S subscriber, Throwable cause);

  void deliver(HubStream stream, HubEvent event);

  /** Moves this channel's browsers of one stream onto another; a channel that cannot keeps them. */
  default void move(Handover handover) {
    handover.done().accept(0);
  }
}
