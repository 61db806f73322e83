package io.dssgateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JWT claims that limit what a browser may read: {@code dss_models} and {@code dss_dsns},
 * each a JSON array of strings where {@code "*"} means any.
 *
 * <p>Service mode (fail-closed): a token with neither claim reads nothing; a token with only one
 * of them is unlimited in the other dimension. Per-user mode: absent claims mean unrestricted
 * (the user's own Ayla account is the limit); present claims still narrow.
 */
public final class ScopeClaims {

  public static final String MODELS = "dss_models";
  public static final String DSNS = "dss_dsns";
  public static final String ANY = "*";

  private ScopeClaims() {}

  /** Extra claims for {@link JwtIssuer#issue} granting everything (e.g. service-mode admins). */
  public static Map<String, Object> unrestricted() {
    return Map.of(MODELS, List.of(ANY), DSNS, List.of(ANY));
  }

  /** Extra claims for {@link JwtIssuer#issue} limiting a token to these models and DSNs. */
  public static Map<String, Object> limitedTo(List<String> oemModels, List<String> dsns) {
    return Map.of(MODELS, List.copyOf(oemModels), DSNS, List.copyOf(dsns));
  }

  /** The allowed set for one claim: null = any, empty = none. Malformed claims allow nothing. */
  static Set<String> parse(JsonObject claims, String name, boolean absentMeansAny) {
    Object raw = claims.getValue(name);
    if (raw == null) {
      return absentMeansAny ? null : Set.of();
    }
    if (!(raw instanceof JsonArray array)) {
      return Set.of();
    }
    Set<String> values = new HashSet<>();
    for (Object v : array) {
      if (ANY.equals(v)) {
        return null;
      }
      if (v instanceof String s && !s.isEmpty()) {
        values.add(s);
      }
    }
    return values;
  }

  /** Builds the principal's limits from verified claims according to the mode. */
  static Principal principal(
      JsonObject claims,
      String subject,
      String sessionId,
      java.time.Instant expiresAt,
      Principal.Source source,
      boolean serviceMode) {
    boolean hasAny = claims.containsKey(MODELS) || claims.containsKey(DSNS);
    if (serviceMode && !hasAny) {
      return new Principal(subject, sessionId, expiresAt, Set.of(), Set.of(), source);
    }
    return new Principal(
        subject,
        sessionId,
        expiresAt,
        parse(claims, MODELS, true),
        parse(claims, DSNS, true),
        source);
  }
}
