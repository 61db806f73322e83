package io.dssgateway.holder;

import io.dssgateway.common.HttpError;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.upstream.AylaErrors;
import io.dssgateway.upstream.AylaException;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.Subscription;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Function;

/** Creates and deletes the Ayla subscription behind a key, with the Ayla session that acts for its scope. */
public final class AylaSubscriptions {

  private final UpstreamFactory factory;
  private final Function<String, Optional<AylaSession>> sessions;

  /**
   * @param sessions the Ayla session that acts for a scope (a user's newest session, or the
   *     service account), empty when nobody of that scope is signed in
   */
  public AylaSubscriptions(UpstreamFactory factory, Function<String, Optional<AylaSession>> sessions) {
    this.factory = factory;
    this.sessions = sessions;
  }

  public Future<Subscription> create(StreamKey key) {
    return session(key).compose(s -> s.create(factory.spec(key)));
  }

  /** Deletes the subscription; one already gone counts as deleted. */
  public Future<Void> delete(StreamKey key, long subscriptionId) {
    return session(key).compose(s -> s.delete(subscriptionId))
        .recover(err -> err instanceof AylaException ae && ae.status() == 404 ? Future.succeededFuture() : Future.failedFuture(err));
  }

  private Future<AylaSession> session(StreamKey key) {
    return sessions.apply(key.scope())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(AylaErrors.noSession(
            "No Ayla session can open this stream; sign in with POST /api/login")));
  }

  /** What a browser is told when the upstream could not be opened. */
  public static Throwable toHttpError(Throwable err) {
    if (err instanceof HttpError) {
      return err;
    }
    if (err instanceof AylaException ae && ae.status() == 422) {
      return AylaErrors.rejected("Ayla refused this subscription", new JsonObject().put("ayla", ae.body()));
    }
    return HttpError.upstreamUnavailable("The Ayla stream could not be opened");
  }
}
