package io.dssgateway.auth;

import static io.dssgateway.config.Setting.Kind.BOOL;
import static io.dssgateway.config.Setting.Kind.INT;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Gateway JWTs, cookies, tickets, external token issuers and the scope mode. */
public final class AuthSettings {

  public static final Setting MODE =
      Setting.of(
          "auth.mode",
          STRING,
          "per-user",
          "`per-user` (each user's Ayla session) or `service` (one Ayla account for every browser)");
  public static final Setting JWT_ALGORITHM =
      Setting.of(
          "auth.jwt.algorithm",
          STRING,
          "ES256",
          "`ES256` (default: the cheapest to verify, ~0.09 ms per token natively where AWS-LC loads, ~0.3 ms on Bouncy Castle, against ~0.5 ms for RS256 under the shipped JVM flags), `RS256`, or `HS256` (needs `auth.jwt.hmac-secret`)");
  public static final Setting JWT_PRIVATE_KEY_FILE =
      Setting.of(
          "auth.jwt.private-key-file",
          STRING,
          "conf/dev-keys/jwt-dev-private.pem",
          "PEM (PKCS#8) private key that signs gateway JWTs; the default is a DEV-ONLY key");
  public static final Setting JWT_PUBLIC_KEY_FILE =
      Setting.of(
          "auth.jwt.public-key-file",
          STRING,
          "conf/dev-keys/jwt-dev-public.pem",
          "PEM public key matching the private key (published at `/.well-known/jwks.json`)");
  public static final Setting JWT_ALLOW_DEV_KEY =
      Setting.of(
          "auth.jwt.allow-dev-key",
          BOOL,
          false,
          "Start with the DEV-ONLY key of `conf/dev-keys` even against a real (non-loopback) Ayla, whatever the role; "
              + "without it such a start is refused (anyone can forge tokens with that public key)");
  public static final Setting JWT_HMAC_SECRET =
      Setting.secret(
          "auth.jwt.hmac-secret",
          "Shared secret for HS256 (only used when the algorithm is HS256)");
  public static final Setting JWT_ISSUER =
      Setting.of("auth.jwt.issuer", STRING, "dss-gateway", "`iss` of issued tokens");
  public static final Setting JWT_AUDIENCE =
      Setting.of("auth.jwt.audience", STRING, "dss-gateway", "`aud` of issued tokens");
  public static final Setting JWT_TTL =
      Setting.of("auth.jwt.ttl-seconds", INT, 3600, "Lifetime of issued gateway JWTs");
  public static final Setting JWT_LEEWAY =
      Setting.of("auth.jwt.leeway-seconds", INT, 5, "Clock skew tolerated on `exp`/`nbf`");
  public static final Setting EXTERNAL_JWKS_URL =
      Setting.of("auth.external.jwks-url", STRING, null, "JWKS URL of an external token issuer");
  public static final Setting EXTERNAL_KEYS_FILE =
      Setting.of(
          "auth.external.public-keys-file",
          STRING,
          null,
          "PEM file of an external issuer's public key");
  public static final Setting EXTERNAL_ISSUER =
      Setting.of("auth.external.issuer", STRING, null, "Required `iss` of external tokens");
  public static final Setting EXTERNAL_AUDIENCE =
      Setting.of("auth.external.audience", STRING, null, "Required `aud` of external tokens");
  public static final Setting EXTERNAL_JWKS_MAX_AGE =
      Setting.of(
          "auth.external.jwks-max-age-seconds",
          INT,
          600,
          "Refetch the external JWKS when the cached copy is older than this");
  public static final Setting EXTERNAL_JWKS_MIN_REFETCH =
      Setting.of(
          "auth.external.jwks-min-refetch-seconds",
          INT,
          10,
          "At most one JWKS refetch per this interval when a token names an unknown `kid`");
  public static final Setting TICKET_TTL =
      Setting.of("auth.ticket-ttl-seconds", INT, 30, "Lifetime of single-use stream tickets");
  public static final Setting TICKET_MAX =
      Setting.of(
          "auth.ticket-max-entries",
          INT,
          10000,
          "Most unredeemed tickets held at once (beyond it, new tickets are refused with 429)");
  public static final Setting TICKET_MAX_PER_USER =
      Setting.of(
          "auth.ticket-max-per-user",
          INT,
          100,
          "Most unredeemed tickets one user may hold at once (beyond it, that user's new tickets are refused with 429; others are unaffected)");
  public static final Setting MAX_SESSIONS_PER_USER =
      Setting.of(
          "auth.max-sessions-per-user",
          INT,
          10,
          "Most signed-in sessions one user may hold at once; a sign-in past it ends that user's oldest session as a logout would "
              + "(its JWTs and cookie stop working, its open streams end)");
  public static final Setting COOKIE_SECURE =
      Setting.of(
          "auth.cookie-secure",
          BOOL,
          false,
          "Mark the session cookie `Secure` (set true behind TLS)");
  public static final Setting TOKEN_IN_QUERY =
      Setting.of(
          "auth.allow-token-in-query",
          BOOL,
          false,
          "Accept a long-lived JWT as `access_token=` in the URL (off: use tickets)");
  public static final Setting SERVICE_EMAIL =
      Setting.secret("auth.service.email", "Service mode: the Ayla account's email");
  public static final Setting SERVICE_PASSWORD =
      Setting.secret("auth.service.password", "Service mode: the Ayla account's password");

  public static final Setting LOGIN_ACCOUNT_FAILURES =
      Setting.of(
          "auth.login-account-failures",
          INT,
          5,
          "Failed sign-ins of one account allowed without delay; after them each attempt waits an exponentially growing delay "
              + "(429 `too_many_attempts` with `Retry-After` inside it), before Ayla is called");
  public static final Setting LOGIN_ADDRESS_FAILURES =
      Setting.of(
          "auth.login-address-failures",
          INT,
          20,
          "Failed sign-ins from one client address (any account) allowed without delay, then the same exponential delay");
  public static final Setting LOGIN_BASE_DELAY =
      Setting.of(
          "auth.login-base-delay-ms",
          MILLIS,
          1000,
          "First sign-in delay once the failures above are used up; it doubles with each further failure");
  public static final Setting LOGIN_MAX_DELAY =
      Setting.of(
          "auth.login-max-delay-ms",
          MILLIS,
          900000,
          "Longest sign-in delay; an account's or address's count is forgotten this long after its last attempt (a success forgets it at once)");

  public static final List<Setting> ALL =
      List.of(
          MODE,
          JWT_ALGORITHM,
          JWT_PRIVATE_KEY_FILE,
          JWT_PUBLIC_KEY_FILE,
          JWT_ALLOW_DEV_KEY,
          JWT_HMAC_SECRET,
          JWT_ISSUER,
          JWT_AUDIENCE,
          JWT_TTL,
          JWT_LEEWAY,
          EXTERNAL_JWKS_URL,
          EXTERNAL_KEYS_FILE,
          EXTERNAL_ISSUER,
          EXTERNAL_AUDIENCE,
          EXTERNAL_JWKS_MAX_AGE,
          EXTERNAL_JWKS_MIN_REFETCH,
          TICKET_TTL,
          TICKET_MAX,
          TICKET_MAX_PER_USER,
          MAX_SESSIONS_PER_USER,
          COOKIE_SECURE,
          TOKEN_IN_QUERY,
          SERVICE_EMAIL,
          SERVICE_PASSWORD,
          LOGIN_ACCOUNT_FAILURES,
          LOGIN_ADDRESS_FAILURES,
          LOGIN_BASE_DELAY,
          LOGIN_MAX_DELAY);

  private AuthSettings() {}
}
