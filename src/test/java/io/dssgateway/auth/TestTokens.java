package io.dssgateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Key pairs made at test time and tokens signed (or forged) with them. */
public final class TestTokens {

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  final KeyPair keys;
  final String kid;
  private final JWTAuth signer;
  private final String algorithm;

  /** A fresh P-256 key pair whose tokens name {@code kid}. */
  TestTokens(Vertx vertx, String kid) {
    this(vertx, kid, ecKeyPair(), null);
  }

  /** Signs with an existing PKCS#8 PEM (e.g. the gateway's dev key) to craft odd claims. */
  TestTokens(Vertx vertx, String kid, String privatePem) {
    this(vertx, kid, null, privatePem);
  }

  private TestTokens(Vertx vertx, String kid, KeyPair keys, String pem) {
    this.keys = keys;
    this.kid = kid;
    this.algorithm = pem == null ? "ES256" : algorithmOf(pem);
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem != null ? pem : pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
  }

  /** RS256 for an RSA PKCS#8 key, ES256 for a P-256 one (the gateway's dev key). */
  public static String algorithmOf(String privatePem) {
    String body = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      java.security.KeyFactory.getInstance("RSA").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
          java.util.Base64.getDecoder().decode(body)));
      return "RS256";
    } catch (java.security.GeneralSecurityException e) {
      return "ES256";
    }
  }

  static KeyPair ecKeyPair() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      return gen.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String privatePem() {
    return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  String publicPem() {
    return pem("PUBLIC KEY", keys.getPublic().getEncoded());
  }

  /** The public JWK as a JWKS server would publish it, under this helper's kid. */
  JsonObject jwk() {
    return Jwks.toJwk(keys.getPublic(), "ES256").put("kid", kid);
  }

  /** Claims signed exactly as given (no iat/exp added), with this helper's kid when non-null. */
  String sign(JsonObject claims) {
    JWTOptions options = new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true);
    if (kid != null) {
      options.setHeader(new JsonObject().put("kid", kid));
    }
    return signer.generateToken(claims, options);
  }

  static JsonObject claims(String iss, String aud, String sub, long expEpochSeconds) {
    return new JsonObject().put("iss", iss).put("aud", aud).put("sub", sub).put("exp", expEpochSeconds);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** An unsigned token: {@code alg: none}, empty signature. */
  static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + segment(claims) + ".";
  }

  /** The algorithm-confusion forgery: HS256 "signed" with a public key PEM as the HMAC secret. */
  static String hmacWithKey(JsonObject claims, String secret, String kid) {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    String input = segment(header) + "." + segment(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String segment(JsonObject json) {
    return B64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
