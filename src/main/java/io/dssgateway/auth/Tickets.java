package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every ticket store shares: the ticket itself (256 random bits, URL-safe), its expiry (the
 * ticket TTL, never beyond the credential it was made from), the 429 for a full store, and how a
 * ticket is kept in the cluster's shared map: under the SHA-256 of the ticket (whoever reads the
 * map cannot redeem what they read), the principal as JSON (no secret in it).
 */
final class Tickets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

  /** A principal and until when its ticket may be redeemed. */
  record Held(Principal principal, Instant expiresAt) {}

  private Tickets() {}

  static String newTicket() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return B64URL.encodeToString(bytes);
  }

  /** Whether a string could be a ticket at all (anything else is refused without a lookup). */
  static boolean wellFormed(String ticket) {
    return ticket != null && SHAPE.matcher(ticket).matches();
  }

  static Instant expiry(Principal principal, Instant now, Duration ttl) {
    Instant expiresAt = now.plus(ttl);
    return principal.expiresAt() != null && principal.expiresAt().isBefore(expiresAt)
        ? principal.expiresAt()
        : expiresAt;
  }

  /** Whether a store holding {@code held} may issue one more, purging expired ones first when it is full. */
  /**
   * Whether one more ticket may be issued for {@code subject}: room in the pool (expired ones are
   * purged first when it is full), then under the user's quota (taken on success). The refusal, or
   * null to go ahead.
   */
  static HttpError refusal(
      java.util.Map<String, ?> held,
      int maxEntries,
      Runnable purgeExpired,
      TicketQuota quota,
      String subject,
      Duration ttl) {
    if (held.size() >= maxEntries) {
      purgeExpired.run();
    }
    if (held.size() >= maxEntries) {
      return tooMany(ttl);
    }
    return quota.tryTake(subject) ? null : TicketQuota.tooManyForUser(ttl);
  }

  private static HttpError tooMany(Duration ttl) {
    return tooManyTickets("Too many unused tickets; try again shortly", ttl);
  }

  /** 429 {@code too_many_tickets}, to retry once a ticket's lifetime has passed. */
  static HttpError tooManyTickets(String message, Duration ttl) {
    return HttpError.tooManyRequests("too_many_tickets", message)
        .withHeader("Retry-After", String.valueOf(Math.max(1, ttl.toSeconds())));
  }

  /** The shared map's key for a ticket. */
  static String key(String ticket) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.US_ASCII));
      return B64URL.encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static String encode(Principal p, Instant expiresAt) {
    return new JsonObject()
        .put("sub", p.subject())
        .put("sid", p.sessionId())
        .put("exp", p.expiresAt() == null ? null : p.expiresAt().toEpochMilli())
        .put(
            "models",
            p.oemModels() == null ? null : new JsonArray(p.oemModels().stream().sorted().toList()))
        .put("dsns", p.dsns() == null ? null : new JsonArray(p.dsns().stream().sorted().toList()))
        .put("until", expiresAt.toEpochMilli())
        .encode();
  }

  /** The principal (as a ticket) and the ticket's expiry; fails on anything not written by {@link #encode}. */
  static Held decode(String json) {
    JsonObject o = new JsonObject(json);
    Long exp = o.getLong("exp");
    Principal p =
        new Principal(
            o.getString("sub"),
            o.getString("sid"),
            exp == null ? null : Instant.ofEpochMilli(exp),
            set(o.getJsonArray("models")),
            set(o.getJsonArray("dsns")),
            Principal.Source.TICKET);
    if (p.subject() == null || o.getLong("until") == null) {
      throw new IllegalArgumentException("not a ticket record");
    }
    return new Held(p, Instant.ofEpochMilli(o.getLong("until")));
  }

  private static Set<String> set(JsonArray array) {
    if (array == null) {
      return null;
    }
    Set<String> out = new HashSet<>();
    array.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }
}
