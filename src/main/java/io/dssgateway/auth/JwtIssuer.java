package io.dssgateway.auth;

import io.dssgateway.config.ConfigError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs the gateway's own JWTs (ES256 or RS256 from PEM files; HS256 only when configured) and
 * publishes the public key as a JWK set. Tokens carry iss, aud, sub, sid, iat, exp, jti and the
 * key's thumbprint as {@code kid}.
 */
public final class JwtIssuer {

  /** Claim holding the gateway session id (absent in external tokens). */
  public static final String SESSION_CLAIM = "sid";

  private static final java.util.Set<String> RESERVED =
      java.util.Set.of("iss", "aud", "sub", "exp", "iat", "nbf", "jti", SESSION_CLAIM);

  private final AuthConfig config;
  private final JWTAuth signer;
  private final JwsVerifier verifier;
  private final String keyId;
  private final JsonObject jwks;
  private final boolean devKey;

  /** Builds the issuer from PEM texts (ES256/RS256) or, for HS256, from the configured secret (PEMs ignored). */
  public JwtIssuer(Vertx vertx, AuthConfig config, String privatePem, String publicPem) {
    this.config = config;
    JWTOptions verifyOptions =
        new JWTOptions()
            .setIssuer(config.issuer())
            .setAudience(List.of(config.audience()))
            .setLeeway(config.leewaySeconds());
    if ("HS256".equals(config.algorithm())) {
      PubSecKeyOptions secret =
          new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.hmacSecret());
      this.keyId = null;
      this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(secret));
      this.verifier = JwsVerifier.hmac(vertx, verifyOptions, secret);
      this.jwks = new JsonObject().put("keys", new JsonArray());
      this.devKey = false;
    } else {
      PublicKey publicKey = Jwks.readPublicKeys(publicPem).get(0);
      this.devKey = DevKey.is(publicKey);
      if (!Jwks.algorithmFor(publicKey).equals(config.algorithm())) {
        throw new ConfigError(
            "the key in " + config.publicKeyFile() + " is not a key for " + config.algorithm());
      }
      JsonObject jwk = Jwks.toJwk(publicKey, config.algorithm());
      this.keyId = jwk.getString("kid");
      this.signer =
          JWTAuth.create(
              vertx,
              new JWTAuthOptions()
                  .addPubSecKey(
                      new PubSecKeyOptions()
                          .setAlgorithm(config.algorithm())
                          .setBuffer(privatePem)
                          .setId(keyId)));
      this.verifier = JwsVerifier.of(vertx, verifyOptions, List.of(jwk));
      this.jwks = new JsonObject().put("keys", new JsonArray().add(jwk));
    }
  }

  /**
   * Reads the configured key files (without blocking an event loop) and checks that the private
   * key signs what the public key verifies, so a mismatched pair fails at start-up.
   */
  public static Future<JwtIssuer> create(Vertx vertx, AuthConfig config) {
    if ("HS256".equals(config.algorithm())) {
      return selfCheck(new JwtIssuer(vertx, config, null, null));
    }
    Future<Buffer> priv = vertx.fileSystem().readFile(config.privateKeyFile());
    Future<Buffer> pub = vertx.fileSystem().readFile(config.publicKeyFile());
    return Future.all(priv, pub)
        .recover(
            e ->
                Future.failedFuture(
                    new ConfigError("cannot read the JWT key files: " + e.getMessage())))
        .compose(
            v ->
                selfCheck(
                    new JwtIssuer(
                        vertx, config, priv.result().toString(), pub.result().toString())));
  }

  private static Future<JwtIssuer> selfCheck(JwtIssuer issuer) {
    String probe = issuer.issue("self-check", null, Map.of());
    return issuer
        .verifier
        .authenticate(probe, issuer.algorithm(), issuer.keyId())
        .recover(
            e ->
                Future.failedFuture(
                    new ConfigError("the JWT private and public keys do not match")))
        .map(user -> issuer);
  }

  /**
   * A signed gateway JWT for {@code subject}. {@code extraClaims} (e.g. {@link ScopeClaims}) cannot
   * override the registered claims.
   */
  public String issue(String subject, String sessionId, Map<String, Object> extraClaims) {
    return issue(subject, sessionId, extraClaims, config.tokenTtl());
  }

  /** The same with a lifetime of its own (whole seconds, at least one). */
  public String issue(
      String subject, String sessionId, Map<String, Object> extraClaims, Duration ttl) {
    JsonObject claims = new JsonObject();
    extraClaims.forEach(
        (k, v) -> {
          if (!RESERVED.contains(k)) {
            claims.put(k, v);
          }
        });
    claims.put("sub", subject).put("jti", UUID.randomUUID().toString());
    if (sessionId != null) {
      claims.put(SESSION_CLAIM, sessionId);
    }
    JWTOptions options =
        new JWTOptions()
            .setAlgorithm(config.algorithm())
            .setIssuer(config.issuer())
            .setAudience(List.of(config.audience()))
            .setExpiresInSeconds((int) Math.max(1, ttl.toSeconds()));
    if (keyId != null) {
      options.setHeader(new JsonObject().put("kid", keyId));
    }
    return signer.generateToken(claims, options);
  }

  /** The public keys as a JWK set for {@code /.well-known/jwks.json}; empty for HS256. */
  public JsonObject jwks() {
    return jwks.copy();
  }

  /** Whether tokens are signed with the bundled, public dev key ({@code conf/dev-keys}): anyone can forge them. */
  public boolean usesDevKey() {
    return devKey;
  }

  /** Lifetime of issued tokens (the login response's {@code expires_in}, the cookie's Max-Age). */
  public Duration ttl() {
    return config.tokenTtl();
  }

  String algorithm() {
    return config.algorithm();
  }

  /** The {@code kid} of issued tokens; null for HS256. */
  String keyId() {
    return keyId;
  }

  JwsVerifier verifier() {
    return verifier;
  }
}
