package io.dssgateway.upstream;

import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One Ayla user's signed-in session: holds the tokens and makes every call with them. A call
 * answered 401 refreshes the tokens once (concurrent 401s share that one refresh) and is retried
 * once; a second 401, or a failed refresh, fails the call with status 401. Thread-safe.
 */
public final class AylaSession {

  private final AylaClient client;
  private volatile AylaTokens tokens;
  private Future<AylaTokens> refreshing;
  private volatile Consumer<AylaTokens> refreshed = fresh -> {};
  private volatile Function<AylaTokens, Future<AylaTokens>> whenRefused =
      stale -> Future.failedFuture("no other holder of this session");

  public AylaSession(AylaClient client, AylaTokens tokens) {
    this.client = client;
    this.tokens = tokens;
  }

  public AylaTokens tokens() {
    return tokens;
  }

  /**
   * Tokens refreshed by another holder of this same Ayla session (another replica): Ayla rotates
   * the refresh token, so the old pair stops working once someone refreshes. No call to Ayla.
   */
  public synchronized void adopt(AylaTokens fresh) {
    tokens = fresh;
  }

  /** Told the new tokens after each refresh this object makes (not after {@link #adopt}). */
  public void onRefreshed(Consumer<AylaTokens> listener) {
    refreshed = listener;
  }

  /**
   * Where to look for a pair another holder obtained when Ayla refuses to refresh {@code stale}:
   * Ayla retires a pair once anyone refreshes it, so two replicas that refresh at once leave one refused.
   */
  public void onRefreshRefused(Function<AylaTokens, Future<AylaTokens>> lookup) {
    whenRefused = lookup;
  }

  /** Refreshes now (or joins the refresh already under way). */
  public Future<AylaTokens> refresh() {
    return refreshAfter(tokens);
  }

  public Future<Void> signOut() {
    return client.signOut(tokens.accessToken());
  }

  // --- DSS subscriptions ---

  public Future<Subscription> create(SubscriptionSpec spec) {
    return authorized(HttpMethod.POST, subscriptionsUrl(".json"), spec.toRequestJson())
        .map(b -> Subscription.fromJson(b.toJsonObject()));
  }

  public Future<List<Subscription>> list() {
    return authorized(HttpMethod.GET, subscriptionsUrl(".json"), null)
        .map(AylaSession::subscriptions);
  }

  public Future<Subscription> get(long id) {
    return authorized(HttpMethod.GET, subscriptionsUrl("/" + id + ".json"), null)
        .map(b -> Subscription.fromJson(b.toJsonObject()));
  }

  public Future<Void> delete(long id) {
    return authorized(HttpMethod.DELETE, subscriptionsUrl("/" + id + ".json"), null).mapEmpty();
  }

  // --- device service, proxied unchanged by the gateway ---

  public Future<JsonArray> devices() {
    return authorized(HttpMethod.GET, client.endpoints().adsUrl() + "/apiv1/devices.json", null)
        .map(Buffer::toJsonArray);
  }

  public Future<JsonArray> properties(String dsn) {
    return authorized(
            HttpMethod.GET,
            client.endpoints().adsUrl() + "/apiv1/dsns/" + segment(dsn) + "/properties.json",
            null)
        .map(Buffer::toJsonArray);
  }

  /** {@code POST .../datapoints.json} with {@code body} as given (e.g. {@code {"datapoint":{"value":1}}}). */
  public Future<JsonObject> createDatapoint(String dsn, String property, JsonObject body) {
    String url =
        client.endpoints().adsUrl()
            + "/apiv1/dsns/"
            + segment(dsn)
            + "/properties/"
            + segment(property)
            + "/datapoints.json";
    return authorized(HttpMethod.POST, url, body).map(Buffer::toJsonObject);
  }

  private Future<Buffer> authorized(HttpMethod method, String url, JsonObject body) {
    AylaTokens used = tokens;
    return client
        .call(method, url, used.accessToken(), body)
        .recover(
            err -> {
              if (err instanceof AylaException e && e.isUnauthorized()) {
                return refreshAfter(used)
                    .compose(fresh -> client.call(method, url, fresh.accessToken(), body));
              }
              return Future.failedFuture(err);
            });
  }

  /** Refreshes unless someone already replaced {@code stale}; one refresh at a time. */
  private synchronized Future<AylaTokens> refreshAfter(AylaTokens stale) {
    if (tokens != stale) {
      return Future.succeededFuture(tokens);
    }
    if (refreshing != null) {
      return CallerContext.of(
          refreshing); // the refresh another loop started completes on that loop
    }
    Promise<AylaTokens> done = Promise.promise();
    refreshing = done.future();
    boolean[] adopted = {false};
    client
        .refresh(stale.refreshToken())
        .recover(
            err -> {
              if (!(err instanceof AylaException e
                  && (e.status() == 400 || e.status() == 401 || e.status() == 403))) {
                return Future.failedFuture(err);
              }
              adopted[0] = true;
              return whenRefused
                  .apply(stale)
                  .recover(
                      none ->
                          Future.failedFuture(
                              new AylaException(
                                  401, e.body(), "Ayla refused to refresh the session", e)));
            })
        .onComplete(
            ar -> {
              synchronized (this) {
                refreshing = null;
                if (ar.succeeded()) {
                  tokens = ar.result();
                }
              }
              if (ar.succeeded() && !adopted[0]) {
                refreshed.accept(ar.result());
              }
              done.handle(ar);
            });
    return done.future();
  }

  private String subscriptionsUrl(String suffix) {
    return client.endpoints().dssUrl() + "/api/v1/subscriptions" + suffix;
  }

  private static List<Subscription> subscriptions(Buffer body) {
    Object parsed = Json.decodeValue(body);
    JsonArray items =
        parsed instanceof JsonArray a
            ? a
            : ((JsonObject) parsed).getJsonArray("subscriptions", new JsonArray());
    List<Subscription> out = new ArrayList<>();
    Function<Object, JsonObject> asObject = o -> o instanceof JsonObject j ? j : new JsonObject();
    items.forEach(item -> out.add(Subscription.fromJson(asObject.apply(item))));
    return out;
  }

  private static String segment(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
