package io.dssgateway.hub;

import io.vertx.core.Future;
import java.util.List;

/**
 * A reader below the hub's own de-duplication: it sees every event the upstream delivers, in seq
 * order, including events the hub saw once already after the upstream was {@linkplain Hub#rewind
 * rewound}. A collected stream's archive (history) is one. Called only on the hub's context.
 */
public interface StreamTap {

  /** The subscription about to stream and the seq it resumes after, before its first event. */
  void onSubscription(long subscriptionId, long resumesAfterSeq);

  void onEvent(long subscriptionId, StreamEvent event);

  /** Ayla lost the subscription and it was recreated: a new seq space starts. */
  void onResubscribed(long newSubscriptionId);

  /**
   * The events of a subscription after a seq that the tap still has (stored or on their way), and
   * the seqs among them it knows are lost for good: together contiguous from {@code afterSeq + 1},
   * oldest first, at most as many events as it is configured to hand back; empty when it has none.
   * Lets a subscriber resume from further back than the replay buffer.
   */
  Future<Archive> since(long subscriptionId, long afterSeq);

  /** Seqs the tap knows it will never have (the upstream no longer delivered them), and why. */
  record Missing(long fromSeq, long toSeq, String reason) {}

  /** What a tap hands back: events and lost ranges, each in seq order. */
  record Archive(List<StreamEvent> events, List<Missing> missing) {
    public static final Archive EMPTY = new Archive(List.of(), List.of());
  }

  /** Which streams are tapped: looked up once per stream as the hub creates it. */
  interface Registry {
    Registry NONE = key -> null;

    /** The tap for the key, or null when the key is not tapped. */
    StreamTap tapFor(StreamKey key);
  }
}
