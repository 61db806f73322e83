package io.dssgateway.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.http.UpgradeRejectedException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a stream recovers from a failed connect. 409 (key still in use, e.g. the old socket is not
 * closed yet) backs off and retries; 404 (key unknown: the subscription is gone) recreates it
 * through the supplier or, without one, fails; 401/403 runs the optional refresher, then backs off
 * and retries; anything else backs off and retries.
 */
final class ConnectFailures {

  /** The stream's side of the recovery, called on its context. */
  interface Recovery {
    Subscription subscription();

    boolean stopped();

    void retryLater(String reason);

    void fail(String reason);

    /** The subscription was recreated: a new seq space. */
    void resubscribed(Subscription fresh);
  }

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);

  private final Supplier<Future<Subscription>> recreate;
  private final Recovery recovery;
  private boolean needsRecreate;

  /** @param recreate makes a new subscription when the key is unknown upstream; null = fail */
  ConnectFailures(Supplier<Future<Subscription>> recreate, Recovery recovery) {
    this.recreate = recreate;
    this.recovery = recovery;
  }

  /** Whether the next connect must recreate the subscription first (an earlier recreate failed transiently). */
  boolean needsRecreate() {
    return needsRecreate;
  }

  void handle(Context context, Throwable err) {
    if (recovery.stopped()) {
      return;
    }
    if (!(err instanceof UpgradeRejectedException refused)) {
      recovery.retryLater("connect failed: " + scrub(err));
      return;
    }
    switch (refused.getStatus()) {
      case 404 -> subscriptionGone(context);
      case 401, 403 -> unauthorized(refused.getStatus());
      case 409 -> recovery.retryLater("stream key still in use (409)");
      default -> recovery.retryLater("upgrade refused with " + refused.getStatus());
    }
  }

  void recreateSubscription(Context context) {
    UpstreamSocket.onContext(context, recreate.get(), ar -> {
      if (recovery.stopped()) {
        return;
      }
      if (ar.succeeded()) {
        needsRecreate = false;
        recovery.resubscribed(ar.result());
      } else if (ar.cause() instanceof AylaException e && !e.isTransient()) {
        recovery.fail("could not recreate the subscription: Ayla answered " + e.status());
      } else {
        recovery.retryLater("recreating the subscription failed: " + scrub(ar.cause()));
      }
    });
  }

  private void subscriptionGone(Context context) {
    Subscription subscription = recovery.subscription();
    if (recreate == null) {
      recovery.fail("subscription " + subscription.id() + " no longer exists upstream");
      return;
    }
    LOG.warn("DSS stream {}: subscription gone upstream, recreating it (new seq space)", subscription.id());
    needsRecreate = true;
    recreateSubscription(context);
  }

  /** The stream key is the socket's only credential, so there is nothing to refresh: back off and retry. */
  private void unauthorized(int status) {
    recovery.retryLater("upgrade refused with " + status);
  }

  /** An error description with the stream key blanked out (some messages quote the request URI). */
  private String scrub(Throwable err) {
    String message = String.valueOf(err.getMessage());
    return err.getClass().getSimpleName() + ": " + message.replace(recovery.subscription().streamKey(), "<stream-key>");
  }
}
