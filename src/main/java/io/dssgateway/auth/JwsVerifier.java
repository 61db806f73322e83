package io.dssgateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks compact JWS tokens against one issuer's keys. An ECDSA signature (ES256/384/512) is
 * checked here ({@link EcdsaSignatures}), then the JWT library checks the claims of exactly the
 * bytes that were signed, the signing input, which it reads as an unsigned token; a token of any
 * other algorithm the library checks whole, signature and claims. The library's own ECDSA check
 * would take the JVM's first provider: it is never given an ECDSA key.
 */
final class JwsVerifier {

  private record EcdsaKey(String kid, String alg, PublicKey key) {}

  private final JWTAuth library; // the keys of other algorithms; null when there are none
  private final JWTAuth
      claims; // no keys: claims only, and only for signing inputs whose signature was checked here
  private final List<EcdsaKey> ecdsa;

  private JwsVerifier(JWTAuth library, JWTAuth claims, List<EcdsaKey> ecdsa) {
    this.library = library;
    this.claims = claims;
    this.ecdsa = ecdsa;
  }

  /** For public keys as JWKs, each with its {@code alg}; {@code checks} holds the issuer, audience and leeway. */
  static JwsVerifier of(Vertx vertx, JWTOptions checks, List<JsonObject> jwks) {
    List<EcdsaKey> ecdsa = new ArrayList<>();
    JWTAuthOptions others = new JWTAuthOptions().setJWTOptions(checks);
    boolean anyOther = false;
    for (JsonObject jwk : jwks) {
      String alg = jwk.getString("alg");
      if (EcdsaSignatures.handles(alg)) {
        ecdsa.add(new EcdsaKey(jwk.getString("kid"), alg, Jwks.ecPublicKey(jwk)));
      } else {
        others.addJwk(jwk);
        anyOther = true;
      }
    }
    JWTAuth library = anyOther ? JWTAuth.create(vertx, others) : null;
    return new JwsVerifier(library, claimsOnly(vertx, checks), List.copyOf(ecdsa));
  }

  /** For a shared HMAC secret: the library checks everything. */
  static JwsVerifier hmac(Vertx vertx, JWTOptions checks, PubSecKeyOptions secret) {
    return new JwsVerifier(
        JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(secret).setJWTOptions(checks)),
        claimsOnly(vertx, checks),
        List.of());
  }

  private static JWTAuth claimsOnly(Vertx vertx, JWTOptions checks) {
    return JWTAuth.create(vertx, new JWTAuthOptions().setJWTOptions(checks));
  }

  /**
   * The token's user, or a failed future. {@code alg} and {@code kid} are the token's header's
   * (already read by the caller): an ECDSA token is checked against this issuer's keys of that
   * algorithm, only the one named {@code kid} when it names one.
   */
  Future<User> authenticate(String token, String alg, String kid) {
    if (!EcdsaSignatures.handles(alg)) {
      return library == null
          ? Future.failedFuture("no key for " + alg)
          : library.authenticate(new TokenCredentials(token));
    }
    int dot = token.lastIndexOf('.');
    String signingInput = token.substring(0, dot);
    byte[] signed = signingInput.getBytes(StandardCharsets.US_ASCII);
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("signature is not base64url");
    }
    for (EcdsaKey k : ecdsa) {
      if (k.alg().equals(alg)
          && (kid == null || kid.equals(k.kid()))
          && EcdsaSignatures.verify(alg, k.key(), signed, signature)) {
        return claims.authenticate(new TokenCredentials(signingInput));
      }
    }
    return Future.failedFuture("invalid " + alg + " signature");
  }
}
