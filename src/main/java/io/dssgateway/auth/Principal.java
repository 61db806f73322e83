package io.dssgateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling, established from a verified credential.
 *
 * @param subject   the user id ({@code sub})
 * @param sessionId the gateway session ({@code sid}) for gateway-issued tokens; null for external tokens
 * @param expiresAt when the credential stops being valid (an SSE stream ends then)
 * @param oemModels models this caller may read; null = any
 * @param dsns      devices this caller may read; null = any
 * @param source    how the credential was presented
 */
public record Principal(
    String subject,
    String sessionId,
    Instant expiresAt,
    Set<String> oemModels,
    Set<String> dsns,
    Source source) {

  public enum Source {
    GATEWAY,
    EXTERNAL,
    TICKET
  }

  public Principal {
    oemModels = oemModels == null ? null : Set.copyOf(oemModels);
    dsns = dsns == null ? null : Set.copyOf(dsns);
  }

  /** A principal that may read everything its Ayla session can (per-user mode). */
  public static Principal unrestricted(
      String subject, String sessionId, Instant expiresAt, Source source) {
    return new Principal(subject, sessionId, expiresAt, null, null, source);
  }

  /**
   * Whether the caller may read a device of this model and DSN. A null model or DSN means "every
   * one", which only an unrestricted dimension allows.
   */
  public boolean mayRead(String oemModel, String dsn) {
    return allows(oemModels, oemModel) && allows(dsns, dsn);
  }

  public boolean unrestricted() {
    return oemModels == null && dsns == null;
  }

  public Principal withSource(Source newSource) {
    return new Principal(subject, sessionId, expiresAt, oemModels, dsns, newSource);
  }

  private static boolean allows(Set<String> allowed, String value) {
    return allowed == null || value != null && allowed.contains(value);
  }
}
