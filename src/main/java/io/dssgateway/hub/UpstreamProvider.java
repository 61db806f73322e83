package io.dssgateway.hub;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Who holds the upstream stream behind a key: the single, replaceable decision of ownership.
 * Everything about holding one sits behind it: creating or resuming the Ayla subscription, running
 * its socket, recording subscription id and seq, and whether the subscription is deleted or kept.
 * The hub only counts its local subscribers, fans out and replays.
 */
public interface UpstreamProvider {

  /** Receives what the upstream produces, on the context that called {@link #open}. */
  interface Listener {
    /**
     * The subscription about to stream and the seq it resumes after (0 = from its start), told
     * before its first event, so every event carries the right id and nothing is taken twice.
     */
    void onSubscription(long subscriptionId, long resumesAfterSeq);

    void onEvent(StreamEvent event);

    /** The subscription was recreated (Ayla lost it): a new seq space starts. */
    void onResubscribed(long newSubscriptionId);

    /** The DSS socket dropped ({@code live} false: it reconnects) or is live again after a drop. */
    default void onUpstream(boolean live) {}
  }

  /** The hub's hold on one upstream stream. */
  interface Handle {
    long subscriptionId();

    /** State and counters for {@code /api/streams}; never a stream key. */
    JsonObject stats();

    /**
     * This replica no longer needs the stream (its linger ran out). What becomes of the upstream
     * subscription is the provider's decision: deleted when nobody else reads it, kept otherwise.
     */
    Future<Void> release();

    /**
     * Reads the subscription again from {@code afterSeq + 1} (a collected stream whose archive fell
     * behind catches up); events the hub already saw reach only its {@link StreamTap}.
     */
    default Future<Void> rewind(long afterSeq) {
      return Future.failedFuture(
          new UnsupportedOperationException("this provider cannot rewind a stream"));
    }
  }

  /**
   * How far back a resumed stream must read so that no reader below the hub misses anything:
   * a collected stream resumes after its last stored seq, whatever the holder recorded.
   */
  interface ResumeFloor {
    ResumeFloor NONE = (key, subscriptionId) -> Long.MAX_VALUE;

    /** The highest seq of the subscription it is safe to resume after; {@code Long.MAX_VALUE} = no constraint. */
    long resumeAfterAtMost(StreamKey key, long subscriptionId);
  }

  /**
   * Gets the upstream for a key: resumes the subscription recorded for it (after a restart, or
   * from another holder) or creates one. Completes once events flow.
   */
  Future<Handle> open(StreamKey key, Listener listener);

  /** Starts the provider (once, from the hub's context); answers the keys of streams held before this process started, for the hub to reopen so they resume. */
  Future<List<StreamKey>> start();

  /**
   * Shutdown: stops every upstream socket, keeping the subscriptions and how far each got, for a
   * restart or another replica to resume. An open still in flight is stopped once it completes.
   */
  Future<Void> close();
}
