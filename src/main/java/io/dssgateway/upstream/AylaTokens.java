package io.dssgateway.upstream;

import io.vertx.core.json.JsonObject;

/** An Ayla user's tokens. {@link #toString()} never shows them. */
public record AylaTokens(String accessToken, String refreshToken, long expiresInSeconds) {

  static AylaTokens fromJson(JsonObject body) {
    String access = body.getString("access_token");
    String refresh = body.getString("refresh_token");
    if (access == null || access.isEmpty() || refresh == null || refresh.isEmpty()) {
      throw new AylaException(502, body.encode(), "Ayla answered sign-in without tokens");
    }
    Number ttl = body.getNumber("expires_in");
    return new AylaTokens(access, refresh, ttl == null ? 0 : ttl.longValue());
  }

  @Override
  public String toString() {
    return "AylaTokens[<redacted>, expiresIn=" + expiresInSeconds + "s]";
  }
}
