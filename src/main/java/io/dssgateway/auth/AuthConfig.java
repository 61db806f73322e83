package io.dssgateway.auth;

import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The auth package's typed, validated configuration. {@link #toString()} never shows the HMAC
 * secret or the service account's password.
 */
public record AuthConfig(
    Mode mode,
    String algorithm,
    String privateKeyFile,
    String publicKeyFile,
    String hmacSecret,
    String issuer,
    String audience,
    Duration tokenTtl,
    int leewaySeconds,
    String externalJwksUrl,
    String externalKeysFile,
    String externalIssuer,
    String externalAudience,
    Duration jwksMaxAge,
    Duration jwksMinRefetch,
    Duration ticketTtl,
    int ticketMaxEntries,
    int ticketMaxPerUser,
    int maxSessionsPerUser,
    String cookieName,
    boolean cookieSecure,
    boolean allowTokenInQuery,
    String serviceEmail,
    String servicePassword,
    int loginAccountFailures,
    int loginAddressFailures,
    long loginBaseDelayMillis,
    long loginMaxDelayMillis,
    int loginMaxEntries) {

  /** The session cookie's name. */
  static final String COOKIE_NAME = "dss_session";

  /** Accounts and addresses whose failed sign-ins are remembered at once (the least recently seen go first). */
  static final int LOGIN_MAX_ENTRIES = 100_000;

  /** Per-user: each user's own Ayla session. Service: one Ayla account, JWT claims limit each browser. */
  public enum Mode {
    PER_USER,
    SERVICE
  }

  public static AuthConfig from(AppConfig c) {
    AuthConfig config =
        new AuthConfig(
            parseMode(c.string(AuthSettings.MODE)),
            c.string(AuthSettings.JWT_ALGORITHM).toUpperCase(java.util.Locale.ROOT),
            c.string(AuthSettings.JWT_PRIVATE_KEY_FILE),
            c.string(AuthSettings.JWT_PUBLIC_KEY_FILE),
            c.string(AuthSettings.JWT_HMAC_SECRET),
            c.string(AuthSettings.JWT_ISSUER),
            c.string(AuthSettings.JWT_AUDIENCE),
            Duration.ofSeconds(c.integer(AuthSettings.JWT_TTL)),
            c.integer(AuthSettings.JWT_LEEWAY),
            blankToNull(c.string(AuthSettings.EXTERNAL_JWKS_URL)),
            blankToNull(c.string(AuthSettings.EXTERNAL_KEYS_FILE)),
            blankToNull(c.string(AuthSettings.EXTERNAL_ISSUER)),
            blankToNull(c.string(AuthSettings.EXTERNAL_AUDIENCE)),
            Duration.ofSeconds(c.integer(AuthSettings.EXTERNAL_JWKS_MAX_AGE)),
            Duration.ofSeconds(c.integer(AuthSettings.EXTERNAL_JWKS_MIN_REFETCH)),
            Duration.ofSeconds(c.integer(AuthSettings.TICKET_TTL)),
            c.integer(AuthSettings.TICKET_MAX),
            c.integer(AuthSettings.TICKET_MAX_PER_USER),
            c.integer(AuthSettings.MAX_SESSIONS_PER_USER),
            COOKIE_NAME,
            c.bool(AuthSettings.COOKIE_SECURE),
            c.bool(AuthSettings.TOKEN_IN_QUERY),
            blankToNull(c.string(AuthSettings.SERVICE_EMAIL)),
            blankToNull(c.string(AuthSettings.SERVICE_PASSWORD)),
            c.integer(AuthSettings.LOGIN_ACCOUNT_FAILURES),
            c.integer(AuthSettings.LOGIN_ADDRESS_FAILURES),
            c.millis(AuthSettings.LOGIN_BASE_DELAY),
            c.millis(AuthSettings.LOGIN_MAX_DELAY),
            LOGIN_MAX_ENTRIES);
    config.validate();
    return config;
  }

  public boolean hasExternalIssuer() {
    return externalJwksUrl != null || externalKeysFile != null;
  }

  public boolean serviceMode() {
    return mode == Mode.SERVICE;
  }

  private void validate() {
    switch (algorithm) {
      case "ES256", "RS256" ->
          require(
              privateKeyFile != null && publicKeyFile != null,
              AuthSettings.JWT_PRIVATE_KEY_FILE.key()
                  + " and "
                  + AuthSettings.JWT_PUBLIC_KEY_FILE.key()
                  + " are required for "
                  + algorithm);
      case "HS256" ->
          require(
              hmacSecret != null && hmacSecret.getBytes(StandardCharsets.UTF_8).length >= 32,
              AuthSettings.JWT_HMAC_SECRET.key()
                  + " ("
                  + AuthSettings.JWT_HMAC_SECRET.envName()
                  + ") must be at least 32 bytes for HS256");
      default ->
          throw new ConfigError(
              AuthSettings.JWT_ALGORITHM.key()
                  + " must be ES256, RS256 or HS256, not '"
                  + algorithm
                  + "'");
    }
    require(tokenTtl.toSeconds() > 0, AuthSettings.JWT_TTL.key() + " must be positive");
    require(ticketTtl.toSeconds() > 0, AuthSettings.TICKET_TTL.key() + " must be positive");
    require(ticketMaxEntries > 0, AuthSettings.TICKET_MAX.key() + " must be positive");
    require(ticketMaxPerUser > 0, AuthSettings.TICKET_MAX_PER_USER.key() + " must be positive");
    require(maxSessionsPerUser > 0, AuthSettings.MAX_SESSIONS_PER_USER.key() + " must be positive");
    require(
        loginBaseDelayMillis > 0 && loginMaxDelayMillis >= loginBaseDelayMillis,
        AuthSettings.LOGIN_BASE_DELAY.key()
            + " must be positive and at most "
            + AuthSettings.LOGIN_MAX_DELAY.key());
    require(leewaySeconds >= 0, AuthSettings.JWT_LEEWAY.key() + " must not be negative");
    require(
        externalJwksUrl == null || externalKeysFile == null,
        "set only one of "
            + AuthSettings.EXTERNAL_JWKS_URL.key()
            + " and "
            + AuthSettings.EXTERNAL_KEYS_FILE.key());
    require(
        !hasExternalIssuer() || externalIssuer != null && externalAudience != null,
        "external tokens need "
            + AuthSettings.EXTERNAL_ISSUER.key()
            + " and "
            + AuthSettings.EXTERNAL_AUDIENCE.key());
    require(
        mode != Mode.SERVICE || serviceEmail != null && servicePassword != null,
        "service mode needs "
            + AuthSettings.SERVICE_EMAIL.envName()
            + " and "
            + AuthSettings.SERVICE_PASSWORD.envName());
  }

  private static Mode parseMode(String raw) {
    return switch (raw) {
      case "per-user" -> Mode.PER_USER;
      case "service" -> Mode.SERVICE;
      default ->
          throw new ConfigError(
              AuthSettings.MODE.key() + " must be per-user or service, not '" + raw + "'");
    };
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new ConfigError(message);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  @Override
  public String toString() {
    return "AuthConfig[mode="
        + mode
        + ", algorithm="
        + algorithm
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", tokenTtl="
        + tokenTtl
        + ", external="
        + (externalJwksUrl != null ? externalJwksUrl : externalKeysFile)
        + ", ticketTtl="
        + ticketTtl
        + ", cookieName="
        + cookieName
        + ", allowTokenInQuery="
        + allowTokenInQuery
        + ", hmacSecret="
        + (hmacSecret == null ? "unset" : "<redacted>")
        + ", servicePassword="
        + (servicePassword == null ? "unset" : "<redacted>")
        + "]";
  }
}
