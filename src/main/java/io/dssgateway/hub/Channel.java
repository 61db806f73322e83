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
   * and the holes among them (each told before the replayed event at its index); since when its
   * upstream has been down (0: it is live); and, on the first stream of a subscriber that asked for
   * one and has no exact resume, the snapshot of its devices' state as of every stream's head, which
   * stands in for the replay.
   */
  record Joined(
      HubStream stream,
      long subscriptionId,
      long headSeq,
      List<HubEvent> replay,
      Gap gap,
      List<Hole> holes,
      long upstreamDownSince,
      Snapshot snapshot) {

    Joined(HubStream stream, long subscriptionId, long headSeq, List<HubEvent> replay, Gap gap) {
      this(stream, subscriptionId, headSeq, replay, gap, List.of(), 0, null);
    }

    /** Whether the subscriber misses something of this stream: a gap before or inside its replay. */
    public boolean lost() {
      return gap != null || !holes.isEmpty();
    }

    Joined withSnapshot(Snapshot snapshot) {
      return new Joined(
          stream, subscriptionId, headSeq, replay, gap, holes, upstreamDownSince, snapshot);
    }
  }

  /**
   * The state of a subscriber's devices, and the property values in it that the device service gave
   * newer than anything its stream carried yet ({@code dsn + '\0' + property} to the value's time in
   * microseconds): the stream may still bring those, and the subscriber must not take them twice.
   */
  record Snapshot(io.vertx.core.json.JsonObject json, java.util.Map<String, Long> ahead) {

    public static String key(String dsn, String property) {
      return dsn + '\0' + property;
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

  /** The stream's upstream went down ({@code live} false) or is live again, at {@code sinceMillis}. */
  default void upstream(HubStream stream, boolean live, long sinceMillis) {}

  /** Moves this channel's browsers of one stream onto another; a channel that cannot keeps them. */
  default void move(Handover handover) {
    handover.done().accept(0);
  }
}
