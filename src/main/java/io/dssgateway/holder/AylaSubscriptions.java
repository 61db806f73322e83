package io.dssgateway.holder;

import io.dssgateway.common.HttpError;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.upstream.AylaErrors;
import io.dssgateway.upstream.AylaException;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.Subscription;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes the Ayla subscription behind a key, with a session that acts for its scope.
 * A session Ayla refuses (401 after its one refresh: Ayla no longer knows its tokens, e.g. a
 * session kept across a restart) hands the call over to the next one of the scope.
 */
public final class AylaSubscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(AylaSubscriptions.class);

  private final UpstreamFactory factory;
  private final Function<String, List<AylaSession>> sessions;

  /**
   * @param sessions the Ayla sessions that act for a scope, preferred first (a user's newest
   *     session, the account held for that user, or the service account); empty when nobody of
   *     that scope is signed in
   */
  public AylaSubscriptions(UpstreamFactory factory, Function<String, List<AylaSession>> sessions) {
    this.factory = factory;
    this.sessions = sessions;
  }

  public Future<Subscription> create(StreamKey key) {
    return withSession(key, s -> s.create(factory.spec(key)));
  }

  /** Deletes the subscription; one already gone counts as deleted. */
  public Future<Void> delete(StreamKey key, long subscriptionId) {
    return withSession(key, s -> s.delete(subscriptionId))
        .recover(
            err ->
                err instanceof AylaException ae && ae.status() == 404
                    ? Future.succeededFuture()
                    : Future.failedFuture(err));
  }

  private <T> Future<T> withSession(StreamKey key, Function<AylaSession, Future<T>> call) {
    List<AylaSession> candidates = sessions.apply(key.scope());
    if (candidates.isEmpty()) {
      return Future.failedFuture(
          AylaErrors.noSession(
              "No Ayla session can open this stream; sign in with POST /api/login"));
    }
    return attempt(key, candidates, 0, call);
  }

  private <T> Future<T> attempt(
      StreamKey key,
      List<AylaSession> candidates,
      int index,
      Function<AylaSession, Future<T>> call) {
    return call.apply(candidates.get(index))
        .recover(
            err -> {
              if (index + 1 < candidates.size()
                  && err instanceof AylaException e
                  && e.isUnauthorized()) {
                LOG.info(
                    "Ayla refused a session of {} (401); trying the next one of that scope",
                    key.scope());
                return attempt(key, candidates, index + 1, call);
              }
              return Future.failedFuture(err);
            });
  }

  /** What a browser is told when the upstream could not be opened. */
  public static Throwable toHttpError(Throwable err) {
    if (err instanceof HttpError) {
      return err;
    }
    if (err instanceof AylaException ae && ae.status() == 422) {
      return AylaErrors.rejected(
          "Ayla refused this subscription", new JsonObject().put("ayla", ae.body()));
    }
    return HttpError.upstreamUnavailable("The Ayla stream could not be opened");
  }
}
