package io.dssgateway.auth;

import io.dssgateway.upstream.AylaSession;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/** One signed-in browser session: the gateway session id its JWTs carry, and the user's Ayla session. */
public record UserSession(String id, String subject, AylaSession ayla, Instant expiresAt) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new session id: 192 random bits, URL-safe. */
  static String newId() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public boolean liveAt(Instant now) {
    return expiresAt.isAfter(now);
  }

  @Override
  public String toString() {
    return "UserSession[" + subject + ", expires " + expiresAt + "]";
  }
}
