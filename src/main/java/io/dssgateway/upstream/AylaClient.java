package io.dssgateway.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ayla REST client: sign in, refresh, sign out, and authorized calls for {@link AylaSession}.
 * HTTPS with hostname verification (the JVM trust store). Every non-2xx answer or transport
 * failure becomes an {@link AylaException}. Logs name method, path and status only: never a
 * token, password, app secret or stream key.
 */
public final class AylaClient {

  private static final Logger LOG = LoggerFactory.getLogger(AylaClient.class);

  private final AylaConfig config;
  private final WebClient web;

  public AylaClient(Vertx vertx, AylaConfig config) {
    this.config = config;
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setVerifyHost(true)
                .setTrustAll(false)
                .setFollowRedirects(false)
                .setUserAgent("dss-gateway")
                .setMetricsName("ayla-rest")
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.requestTimeoutMs())));
  }

  public AylaEndpoints endpoints() {
    return config.endpoints();
  }

  /** {@code POST {user}/users/sign_in.json}; wrong credentials fail with status 401. */
  public Future<AylaTokens> signIn(String email, String password) {
    JsonObject app =
        new JsonObject().put("app_id", config.appId()).put("app_secret", config.appSecret());
    JsonObject body =
        new JsonObject()
            .put(
                "user",
                new JsonObject()
                    .put("email", email)
                    .put("password", password)
                    .put("application", app));
    return call(HttpMethod.POST, config.endpoints().userUrl() + "/users/sign_in.json", null, body)
        .map(b -> AylaTokens.fromJson(b.toJsonObject()));
  }

  /** A signed-in session holding these tokens. */
  public AylaSession session(AylaTokens tokens) {
    return new AylaSession(this, tokens);
  }

  public Future<AylaSession> openSession(String email, String password) {
    return signIn(email, password).map(this::session);
  }

  /** {@code POST {user}/users/refresh_token.json}: new tokens from a refresh token. */
  public Future<AylaTokens> refresh(String refreshToken) {
    JsonObject body =
        new JsonObject().put("user", new JsonObject().put("refresh_token", refreshToken));
    return call(
            HttpMethod.POST, config.endpoints().userUrl() + "/users/refresh_token.json", null, body)
        .map(b -> AylaTokens.fromJson(b.toJsonObject()));
  }

  /** {@code POST {user}/users/sign_out.json}. */
  public Future<Void> signOut(String accessToken) {
    JsonObject body =
        new JsonObject().put("user", new JsonObject().put("access_token", accessToken));
    return call(
            HttpMethod.POST,
            config.endpoints().userUrl() + "/users/sign_out.json",
            accessToken,
            body)
        .mapEmpty();
  }

  public Future<Void> close() {
    web.close();
    return Future.succeededFuture();
  }

  /** One call; a 2xx answer yields its body, anything else an {@link AylaException}. */
  Future<Buffer> call(HttpMethod method, String url, String accessToken, JsonObject body) {
    String path = pathOf(url);
    HttpRequest<Buffer> request =
        web.requestAbs(method, url)
            .timeout(config.requestTimeoutMs())
            .putHeader("Accept", "application/json");
    if (accessToken != null) {
      request.putHeader("Authorization", "auth_token " + accessToken);
    }
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendJsonObject(body);
    return sent.recover(
            err -> {
              LOG.warn("Ayla {} {} failed: {}", method, path, err.getClass().getSimpleName());
              return Future.failedFuture(
                  new AylaException(0, "", "Ayla " + method + " " + path + " got no answer", err));
            })
        .compose(
            response -> {
              int status = response.statusCode();
              LOG.debug("Ayla {} {} -> {}", method, path, status);
              Buffer received = response.body() == null ? Buffer.buffer() : response.body();
              if (status >= 200 && status < 300) {
                return Future.succeededFuture(received);
              }
              return Future.failedFuture(
                  new AylaException(
                      status,
                      received.toString(),
                      "Ayla " + method + " " + path + " answered " + status));
            });
  }

  /** The path only: query strings may carry secrets. */
  private static String pathOf(String url) {
    try {
      return URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      return "<unparseable url>";
    }
  }
}
