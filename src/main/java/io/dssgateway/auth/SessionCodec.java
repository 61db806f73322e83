package io.dssgateway.auth;

import io.dssgateway.common.SecretBox;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * How a session is written in the cluster's shared maps, as JSON text. The entry (who, until when)
 * holds no secret. The Ayla tokens are sealed with {@code secrets.key} together with the session id,
 * so they never cross the wire or rest in the clear, and a sealed value moved under another session's
 * id does not open.
 */
final class SessionCodec {

  /** A session's shared entry. */
  record Entry(String subject, Instant expiresAt) {}

  /** A session's Ayla tokens and when they were obtained (the newest wins when replicas disagree). */
  record Tokens(AylaTokens tokens, long obtainedAt) {}

  private final SecretBox box;

  SessionCodec(SecretBox box) {
    this.box = box;
  }

  String entry(String subject, Instant expiresAt) {
    return new JsonObject().put("sub", subject).put("exp", expiresAt.toEpochMilli()).encode();
  }

  Entry entry(String json) {
    JsonObject o = new JsonObject(json);
    if (o.getString("sub") == null || o.getLong("exp") == null) {
      throw new IllegalArgumentException("not a session entry");
    }
    return new Entry(o.getString("sub"), Instant.ofEpochMilli(o.getLong("exp")));
  }

  String tokens(String sessionId, AylaTokens tokens, long obtainedAt) {
    String secret =
        new JsonObject()
            .put("sid", sessionId)
            .put("access_token", tokens.accessToken())
            .put("refresh_token", tokens.refreshToken())
            .encode();
    return new JsonObject().put("at", obtainedAt).put("sealed", box.seal(secret)).encode();
  }

  /** The tokens of this session; fails when the value was altered, sealed under another key, or belongs to another session. */
  Tokens tokens(String sessionId, String json) {
    JsonObject o = new JsonObject(json);
    JsonObject secret = new JsonObject(box.open(o.getString("sealed")));
    if (!sessionId.equals(secret.getString("sid")) || o.getLong("at") == null) {
      throw new IllegalArgumentException("sealed tokens of another session");
    }
    return new Tokens(
        new AylaTokens(secret.getString("access_token"), secret.getString("refresh_token"), 0),
        o.getLong("at"));
  }
}
