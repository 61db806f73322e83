package io.dssgateway.hub;

import io.dssgateway.upstream.DssEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How a shared stream gets its upstream — the single, replaceable decision of who holds a stream.
 * The local implementation creates the Ayla subscription and runs the DSS socket in this process;
 * a clustered one could hold it on another replica and forward events.
 */
public interface UpstreamProvider {

  /** Receives what the upstream produces, on the hub's context. */
  interface Listener {
    void onEvent(DssEvent event);

    /**
     * The subscription about to stream, told before its first event (a resumed one replays at
     * once, before {@link #open}'s future completes), so every event carries the right id.
     */
    void onSubscription(long subscriptionId);

    /** The subscription was recreated (its key was gone): a new seq space starts. */
    void onResubscribed(long newSubscriptionId);
  }

  /** A running upstream stream. */
  interface Handle {
    long subscriptionId();

    /** The stream key, for the gateway's own store only: never shown, never logged. */
    String streamKey();

    /** State and counters for {@code /api/streams}; never the stream key. */
    JsonObject stats();

    /** Closes the socket; deletes the Ayla subscription when asked (not on shutdown). */
    Future<Void> close(boolean deleteSubscription);
  }

  /**
   * Opens the upstream for a key. With {@code resume} (a subscription recorded before a restart)
   * it reconnects to that subscription from {@code resume.lastSeq() + 1} instead of creating one.
   */
  Future<Handle> open(StreamKey key, StoredStream resume, Listener listener);
}
