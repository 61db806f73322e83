package io.dssgateway.hub;

import io.dssgateway.common.HttpError;
import io.dssgateway.upstream.AylaException;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.StreamOptions;
import io.dssgateway.upstream.Subscription;
import io.dssgateway.upstream.SubscriptionSpec;
import io.dssgateway.upstream.UpstreamStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Holds upstream streams in this process: creates the Ayla subscription with the scope's Ayla
 * session (or reuses one recorded before a restart) and runs its {@link UpstreamStream}.
 */
public final class AylaUpstreamProvider implements UpstreamProvider {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String wsUrl;
  private final String clientType;
  private final StreamOptions options;
  private final Function<String, Optional<AylaSession>> sessions;

  /**
   * @param sessions the Ayla session that acts for a scope (a user's newest session, or the
   *     service account), empty when nobody of that scope is signed in
   */
  public AylaUpstreamProvider(Vertx vertx, WebSocketClient client, String wsUrl, String clientType, StreamOptions options,
      Function<String, Optional<AylaSession>> sessions) {
    this.vertx = vertx;
    this.client = client;
    this.wsUrl = wsUrl;
    this.clientType = clientType;
    this.options = options;
    this.sessions = sessions;
  }

  @Override
  public Future<Handle> open(StreamKey key, StoredStream resume, Listener listener) {
    Context context = vertx.getOrCreateContext();
    Supplier<Future<Subscription>> create = () -> session(key).compose(s -> s.create(spec(key)));
    Future<Subscription> subscription = resume != null
        ? Future.succeededFuture(new Subscription(resume.subscriptionId(), resume.streamKey(), spec(key)))
        : create.get();
    long lastSeq = resume == null ? 0 : resume.lastSeq();
    return subscription.compose(sub -> onContext(context, () -> {
      listener.onSubscription(sub.id());
      UpstreamStream stream = new UpstreamStream(vertx, options, client, wsUrl, sub, lastSeq, listener::onEvent, create);
      stream.listener(new UpstreamStream.Listener() {
        @Override
        public void resubscribed(UpstreamStream s, Subscription previous, Subscription current) {
          listener.onResubscribed(current.id());
        }
      });
      Handle handle = new StreamHandle(key, stream);
      return stream.start().map(handle).recover(err -> stream.stop().transform(v -> Future.failedFuture(err)));
    })).recover(err -> Future.failedFuture(toHttpError(err)));
  }

  private Future<AylaSession> session(StreamKey key) {
    return sessions.apply(key.scope())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new HttpError(403, "no_ayla_session",
            "No Ayla session can open this stream; sign in with POST /api/login")));
  }

  private SubscriptionSpec spec(StreamKey key) {
    Filter f = key.filter();
    String properties = EventTypes.hasProperties(key.eventType()) ? Filter.render(f.properties()) : null;
    return new SubscriptionSpec(key.eventType(), Filter.render(f.oemModels()), Filter.render(f.dsns()), properties,
        clientType, "dss-gateway", key.canonical());
  }

  private static Throwable toHttpError(Throwable err) {
    if (err instanceof HttpError) {
      return err;
    }
    if (err instanceof AylaException ae && ae.status() == 422) {
      return new HttpError(422, "rejected_by_ayla", "Ayla refused this subscription", new JsonObject().put("ayla", ae.body()));
    }
    return new HttpError(502, "upstream_unavailable", "The Ayla stream could not be opened");
  }

  private static <T> Future<T> onContext(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }

  private final class StreamHandle implements Handle {
    private final StreamKey key;
    private final UpstreamStream stream;

    StreamHandle(StreamKey key, UpstreamStream stream) {
      this.key = key;
      this.stream = stream;
    }

    @Override
    public long subscriptionId() {
      return stream.subscription().id();
    }

    @Override
    public String streamKey() {
      return stream.subscription().streamKey();
    }

    @Override
    public JsonObject stats() {
      return stream.counters().toJson().put("state", stream.state().name().toLowerCase());
    }

    @Override
    public Future<Void> close(boolean deleteSubscription) {
      long id = subscriptionId();
      Future<Void> stopped = stream.stop();
      if (!deleteSubscription) {
        return stopped;
      }
      return stopped.compose(v -> session(key)).compose(s -> s.delete(id))
          .recover(err -> err instanceof AylaException ae && ae.status() == 404 ? Future.succeededFuture() : Future.failedFuture(err));
    }
  }
}
