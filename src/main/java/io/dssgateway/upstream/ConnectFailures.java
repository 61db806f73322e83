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
 * through the supplier or, without one, fails; 401/403 backs off and retries, except for a
 * subscription resumed from a record that has not been live since: Ayla does not know its key
 * (it forgot the subscription), so it is recreated like a 404; anything else backs off and retries.
 * A recreate Ayla refuses for want of authority (401/403: nobody of the scope can act now) fails
 * the stream with a warning, not an error: a browser of that scope opens it again once signed in.
 */
final class ConnectFailures {

  /** The stream's side of the recovery, called on its context. */
  interface Recovery {
    Subscription subscription();

    boolean stopped();

    void retryLater(String reason);

    void fail(String reason);

    /** Fails the stream for a reason that is no fault of the gateway's (logged as a warning). */
    void giveUp(String reason);

    /** The subscription was recreated: a new seq space. */
    void resubscribed(Subscription fresh);
  }

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamStream.class);

  private final Supplier<Future<Subscription>> recreate;
  private final Recovery recovery;
  private boolean needsRecreate;
  private boolean keyUnconfirmed;

  /** @param recreate makes a new subscription when the key is unknown upstream; null = fail */
  ConnectFailures(Supplier<Future<Subscription>> recreate, Recovery recovery) {
    this.recreate = recreate;
    this.recovery = recovery;
  }

  /** The subscription comes from a record: until it is live, a refused key means Ayla no longer knows it. */
  void resumedFromRecord() {
    keyUnconfirmed = true;
  }

  /** The stream is live: its key is known upstream. */
  void confirmed() {
    keyUnconfirmed = false;
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
      case 401, 403 -> {
        if (keyUnconfirmed) {
          resumedKeyRefused(context, refused.getStatus());
        } else {
          unauthorized(refused.getStatus());
        }
      }
      case 409 -> recovery.retryLater("stream key still in use (409)");
      default -> recovery.retryLater("upgrade refused with " + refused.getStatus());
    }
  }

  void recreateSubscription(Context context) {
    UpstreamSocket.onContext(
        context,
        recreate.get(),
        ar -> {
          if (recovery.stopped()) {
            return;
          }
          if (ar.succeeded()) {
            needsRecreate = false;
            keyUnconfirmed = false;
            recovery.resubscribed(ar.result());
          } else if (ar.cause() instanceof AylaException e
              && (e.status() == 401 || e.status() == 403)) {
            recovery.giveUp(
                "could not recreate the subscription: Ayla refused every session of its scope ("
                    + e.status()
                    + "); it opens again when a browser of that scope signs in and asks for it");
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
    LOG.warn(
        "DSS stream {}: subscription gone upstream, recreating it (new seq space)",
        subscription.id());
    needsRecreate = true;
    recreateSubscription(context);
  }

  private void resumedKeyRefused(Context context, int status) {
    Subscription subscription = recovery.subscription();
    if (recreate == null) {
      recovery.fail(
          "the stream key of subscription " + subscription.id() + " was refused (" + status + ")");
      return;
    }
    LOG.warn(
        "DSS stream {}: Ayla refused the stream key of the subscription resumed from the store ({}), recreating it "
            + "(new seq space)",
        subscription.id(),
        status);
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
    return err.getClass().getSimpleName()
        + ": "
        + message.replace(recovery.subscription().streamKey(), "<stream-key>");
  }
}
