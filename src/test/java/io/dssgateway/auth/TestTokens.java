package io.dssgateway.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
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
    this.signer =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(algorithm)
                        .setBuffer(
                            pem != null
                                ? pem
                                : pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
  }

  /** RS256 for an RSA PKCS#8 key, ES256 for a P-256 one (the gateway's dev key). */
  public static String algorithmOf(String privatePem) {
    String body = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      java.security.KeyFactory.getInstance("RSA")
          .generatePrivate(
              new java.security.spec.PKCS8EncodedKeySpec(
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
    return new JsonObject()
        .put("iss", iss)
        .put("aud", aud)
        .put("sub", sub)
        .put("exp", expEpochSeconds);
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** An unsigned token: {@code alg: none}, empty signature. */
  static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT"))
        + "."
        + segment(claims)
        + ".";
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
      return input
          + "."
          + B64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The same ES256 token with its signature spelt otherwise, each variant by what it is: a stray
   * zero byte, R and S zero-padded to 33 or 64 bytes each, DER, a non-canonical last base64url
   * character. The JWT library reads each as the same signature.
   */
  static Map<String, String> respelt(String token) {
    int dot = token.lastIndexOf('.');
    String signingInput = token.substring(0, dot + 1);
    String encoded = token.substring(dot + 1);
    byte[] rs = Base64.getUrlDecoder().decode(encoded);
    byte[] r = Arrays.copyOfRange(rs, 0, rs.length / 2);
    byte[] s = Arrays.copyOfRange(rs, rs.length / 2, rs.length);
    Map<String, String> variants = new LinkedHashMap<>();
    variants.put(
        "65 bytes, a zero in front", signingInput + B64URL.encodeToString(concat(new byte[1], rs)));
    variants.put(
        "65 bytes, a zero after", signingInput + B64URL.encodeToString(concat(rs, new byte[1])));
    variants.put(
        "66 bytes, R and S of 33",
        signingInput + B64URL.encodeToString(concat(new byte[1], r, new byte[1], s)));
    variants.put(
        "128 bytes, R and S of 64",
        signingInput + B64URL.encodeToString(concat(new byte[32], r, new byte[32], s)));
    variants.put("DER", signingInput + B64URL.encodeToString(der(r, s)));
    char last = encoded.charAt(encoded.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    variants.put(
        "non-canonical last character",
        signingInput
            + encoded.substring(0, encoded.length() - 1)
            + alphabet.charAt(alphabet.indexOf(last) | 1));
    return variants;
  }

  private static byte[] der(byte[] r, byte[] s) {
    byte[] rInt = new BigInteger(1, r).toByteArray();
    byte[] sInt = new BigInteger(1, s).toByteArray();
    byte[] body =
        concat(
            new byte[] {0x02, (byte) rInt.length},
            rInt,
            new byte[] {0x02, (byte) sInt.length},
            sInt);
    return concat(new byte[] {0x30, (byte) body.length}, body);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static String segment(JsonObject json) {
    return B64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
