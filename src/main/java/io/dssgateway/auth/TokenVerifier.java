package io.dssgateway.auth;

import io.dssgateway.common.HttpError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer JWTs: the gateway's own first, then the external issuer's. Before the library
 * sees a token, its header is checked here: {@code alg: none}, HMAC algorithms for asymmetric
 * keys (the "public key as HMAC secret" confusion), any algorithm the selected keys do not use and
 * ECDSA signatures of any other size than R||S ({@link JoseSignature}) are refused. Then the
 * signature is checked ({@link JwsVerifier}) and the library checks {@code iss}, {@code aud},
 * {@code exp} and {@code nbf} with leeway. Every
 * failure is the same 401 {@code invalid_token}; the reason goes to the debug log, never the token.
 */
public final class TokenVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final int MAX_TOKEN_LENGTH = 8192;
  private static final long MAX_SECONDS = Long.MAX_VALUE / 1000;

  private final JwtIssuer gateway;
  private final ExternalKeys external;
  private final boolean serviceMode;

  private TokenVerifier(JwtIssuer gateway, ExternalKeys external, boolean serviceMode) {
    this.gateway = gateway;
    this.external = external;
    this.serviceMode = serviceMode;
  }

  /** A verifier for the gateway's tokens plus, when configured, the external issuer's. */
  public static Future<TokenVerifier> create(Vertx vertx, AuthConfig config, JwtIssuer gateway) {
    return create(vertx, config, gateway, Clock.systemUTC());
  }

  static Future<TokenVerifier> create(
      Vertx vertx, AuthConfig config, JwtIssuer gateway, Clock clock) {
    Future<ExternalKeys> ext =
        config.hasExternalIssuer()
            ? ExternalKeys.create(vertx, config, clock)
            : Future.succeededFuture();
    return ext.map(keys -> new TokenVerifier(gateway, keys, config.serviceMode()));
  }

  /** The caller behind a token, or a failed future with an {@link HttpError} (401, or 503 if keys are unavailable). */
  public Future<Principal> verify(String token) {
    Header header;
    try {
      header = Header.parse(token);
    } catch (Header.Malformed e) {
      return reject("malformed token: " + e.getMessage());
    }
    if (header.alg() == null || "none".equalsIgnoreCase(header.alg())) {
      return reject("unsigned token (alg none)");
    }
    if (!JoseSignature.wellSized(header.alg(), token)) {
      return reject(header.alg() + " signature is not R||S of exactly the curve's size");
    }
    boolean gatewayMayHaveSigned =
        header.alg().equals(gateway.algorithm())
            && (header.kid() == null || header.kid().equals(gateway.keyId()));
    if (gatewayMayHaveSigned) {
      Future<Principal> own =
          authenticate(gateway.verifier(), token, header)
              .map(user -> principal(user, Principal.Source.GATEWAY));
      return external == null
          ? own.recover(e -> reject("gateway token: " + reason(e, token)))
          : own.recover(
              e -> {
                LOG.debug(
                    "Not a valid gateway token ({}); trying the external issuer", reason(e, token));
                return verifyExternal(token, header);
              });
    }
    if (external == null) {
      return reject(
          "algorithm "
              + header.alg()
              + " / key id not the gateway's, and no external issuer is configured");
    }
    return verifyExternal(token, header);
  }

  /** Releases the JWKS web client, if any. */
  public void close() {
    if (external != null) {
      external.close();
    }
  }

  private Future<Principal> verifyExternal(String token, Header header) {
    return external
        .keysFor(header.kid())
        .compose(
            keys -> {
              if (keys == null || !keys.algorithms().contains(header.alg())) {
                return reject("algorithm " + header.alg() + " is not used by any external key");
              }
              if (header.kid() != null && !keys.keyIds().contains(header.kid())) {
                return reject("unknown external key id");
              }
              return authenticate(keys.verifier(), token, header)
                  .map(user -> principal(user, Principal.Source.EXTERNAL))
                  .recover(e -> reject("external token: " + reason(e, token)));
            });
  }

  /**
   * The library's check as a future: it reads {@code exp}, {@code nbf} and {@code iat} as numbers
   * and throws, rather than fails, when a signed token carries something else there.
   */
  private static Future<User> authenticate(JwsVerifier verifier, String token, Header header) {
    try {
      return verifier.authenticate(token, header.alg(), header.kid());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Principal principal(User user, Principal.Source source) {
    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
    String subject = claims.getString("sub");
    Instant expiry = instant(claims.getValue("exp"));
    if (subject == null
        || subject.isBlank()
        || expiry == null
        || !timeOrAbsent(claims.getValue("nbf"))
        || !timeOrAbsent(claims.getValue("iat"))) {
      throw AuthErrors.invalidToken();
    }
    String sessionId =
        source == Principal.Source.GATEWAY ? claims.getString(JwtIssuer.SESSION_CLAIM) : null;
    return ScopeClaims.principal(claims, subject, sessionId, expiry, source, serviceMode);
  }

  /** A NumericDate claim as an instant; null unless it is a number of seconds whose milliseconds fit in a long. */
  private static Instant instant(Object seconds) {
    if (!(seconds instanceof Number n) || !(Math.abs(n.doubleValue()) <= MAX_SECONDS)) {
      return null;
    }
    return Instant.ofEpochSecond(n.longValue());
  }

  private static boolean timeOrAbsent(Object seconds) {
    return seconds == null || instant(seconds) != null;
  }

  private static <T> Future<T> reject(String reason) {
    LOG.debug("Rejected a bearer token: {}", reason);
    return Future.failedFuture(AuthErrors.invalidToken());
  }

  /** A failure's message with any part of the token blanked out (library messages may quote it). */
  private static String reason(Throwable e, String token) {
    if (e instanceof HttpError) {
      return "missing sub or exp, or a time claim out of range";
    }
    String message = String.valueOf(e.getMessage());
    for (String part : token.split("\\.")) {
      if (part.length() >= 8) {
        message = message.replace(part, "<token>");
      }
    }
    return e.getClass().getSimpleName()
        + ": "
        + (message.length() > 200 ? message.substring(0, 200) : message);
  }

  /** The unverified JOSE header: only used to choose keys and refuse bad algorithms. */
  record Header(String alg, String kid) {

    /**
     * Headers already read, by their encoded form: one issuer's tokens share a handful of them, so
     * a crowd's tokens are not each decoded and parsed twice (the JWT library parses once more).
     * Bounded: past the bound, a header is parsed every time it comes.
     */
    private static final Map<String, Header> KNOWN = new ConcurrentHashMap<>();

    private static final int MAX_KNOWN = 64;

    static Header parse(String token) {
      if (token == null || token.length() > MAX_TOKEN_LENGTH || !compactJws(token)) {
        throw new Malformed("not a compact JWS");
      }
      String encoded = token.substring(0, token.indexOf('.'));
      Header known = KNOWN.get(encoded);
      if (known != null) {
        return known;
      }
      Header header = decode(encoded);
      if (KNOWN.size() < MAX_KNOWN) {
        KNOWN.put(encoded, header);
      }
      return header;
    }

    private static Header decode(String encoded) {
      JsonObject json;
      try {
        json =
            new JsonObject(
                new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        throw new Malformed("header is not base64url JSON");
      }
      if (json.getValue("crit") != null) {
        throw new Malformed("critical header extensions are not supported");
      }
      Object alg = json.getValue("alg");
      Object kid = json.getValue("kid");
      return new Header(alg instanceof String a ? a : null, kid instanceof String k ? k : null);
    }

    /** A refusal, without a stack trace: hostile clients can send these as fast as they like. */
    static final class Malformed extends IllegalArgumentException {
      Malformed(String reason) {
        super(reason);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    /** Three base64url segments joined by dots, the first two not empty (a loop: a regex cost every connection ~3 %). */
    private static boolean compactJws(String token) {
      int dots = 0;
      int segmentStart = 0;
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c == '.') {
          if (++dots > 2 || i == segmentStart) {
            return false;
          }
          segmentStart = i + 1;
        } else if (!(c >= 'A' && c <= 'Z'
            || c >= 'a' && c <= 'z'
            || c >= '0' && c <= '9'
            || c == '-'
            || c == '_')) {
          return false;
        }
      }
      return dots == 2;
    }
  }
}
