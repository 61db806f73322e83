package io.dssgateway.auth;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM public keys to JWKs (RFC 7517) with RFC 7638 thumbprints as key ids. */
final class Jwks {

  private static final Pattern PUBLIC_PEM =
      Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwks() {}

  /** Every {@code BEGIN PUBLIC KEY} block of a PEM text (RSA or EC). */
  static List<PublicKey> readPublicKeys(String pem) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher m = PUBLIC_PEM.matcher(pem);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      keys.add(decode(der));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no 'BEGIN PUBLIC KEY' block found");
    }
    return keys;
  }

  /** The public JWK of a key, with {@code use: sig}, the algorithm and the thumbprint {@code kid}. */
  static JsonObject toJwk(PublicKey key, String algorithm) {
    JsonObject members = coreMembers(key);
    return members.copy().put("use", "sig").put("alg", algorithm).put("kid", thumbprint(members));
  }

  /** The JWS algorithm a key is used with here: RS256 for RSA, ES256/384/512 by curve for EC. */
  static String algorithmFor(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return "RS256";
    }
    if (key instanceof ECPublicKey ec) {
      return switch (ec.getParams().getCurve().getField().getFieldSize()) {
        case 256 -> "ES256";
        case 384 -> "ES384";
        case 521 -> "ES512";
        default -> throw new IllegalArgumentException("unsupported EC curve");
      };
    }
    throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
  }

  /** The algorithm of a JWK from a JWKS document: its {@code alg}, else inferred from kty/crv. */
  static String algorithmFor(JsonObject jwk) {
    String alg = jwk.getString("alg");
    if (alg != null) {
      return alg;
    }
    return switch (String.valueOf(jwk.getString("kty"))) {
      case "RSA" -> "RS256";
      case "EC" ->
          switch (String.valueOf(jwk.getString("crv"))) {
            case "P-256" -> "ES256";
            case "P-384" -> "ES384";
            case "P-521" -> "ES512";
            default -> null;
          };
      default -> null;
    };
  }

  /** The public key of an EC JWK (P-256, P-384 or P-521). */
  static PublicKey ecPublicKey(JsonObject jwk) {
    String curve =
        switch (String.valueOf(jwk.getString("crv"))) {
          case "P-256" -> "secp256r1";
          case "P-384" -> "secp384r1";
          case "P-521" -> "secp521r1";
          default ->
              throw new IllegalArgumentException("unsupported EC curve " + jwk.getString("crv"));
        };
    if (!"EC".equals(jwk.getString("kty"))) {
      throw new IllegalArgumentException("not an EC key");
    }
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(curve));
      ECPoint point = new ECPoint(unsigned(jwk.getString("x")), unsigned(jwk.getString("y")));
      return KeyFactory.getInstance("EC")
          .generatePublic(
              new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class)));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a usable EC JWK: " + e.getMessage());
    }
  }

  private static BigInteger unsigned(String base64url) {
    return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
  }

  private static PublicKey decode(byte[] der) {
    for (String type : List.of("EC", "RSA")) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next type
      }
    }
    throw new IllegalArgumentException("the PEM block is neither an EC nor an RSA public key");
  }

  /** The required members, in the lexicographic order RFC 7638 hashes them in. */
  private static JsonObject coreMembers(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
      String crv = "P-" + ec.getParams().getCurve().getField().getFieldSize();
      return new JsonObject()
          .put("crv", crv)
          .put("kty", "EC")
          .put("x", unsigned(ec.getW().getAffineX(), size))
          .put("y", unsigned(ec.getW().getAffineY(), size));
    }
    if (key instanceof RSAPublicKey rsa) {
      return new JsonObject()
          .put("e", unsigned(rsa.getPublicExponent(), 0))
          .put("kty", "RSA")
          .put("n", unsigned(rsa.getModulus(), 0));
    }
    throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
  }

  private static String thumbprint(JsonObject members) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(members.encode().getBytes(StandardCharsets.UTF_8));
      return B64URL.encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Big-endian unsigned bytes, left-padded to {@code size} when size > 0. */
  private static String unsigned(BigInteger value, int size) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (size > bytes.length) {
      byte[] padded = new byte[size];
      System.arraycopy(bytes, 0, padded, size - bytes.length, bytes.length);
      bytes = padded;
    }
    return B64URL.encodeToString(bytes);
  }
}
