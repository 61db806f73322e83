package io.dssgateway.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** Tokens a hostile or careless client could send: signed with the gateway's dev key or another, or unsigned. */
final class ForgedTokens {

  static final String ISSUER = "dss-gateway";
  static final String AUDIENCE = "dss-gateway";
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final String algorithm;
  private final JWTAuth gatewayKey;
  private final JWTAuth otherKey;

  ForgedTokens(Vertx vertx) {
    String devKey = read("conf/dev-keys/jwt-dev-private.pem");
    this.algorithm = io.dssgateway.auth.TestTokens.algorithmOf(devKey);
    this.gatewayKey = signer(vertx, devKey, algorithm);
    this.otherKey = signer(vertx, freshPrivatePem(algorithm), algorithm);
  }

  static JsonObject claims(String sub, long expInSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
        .put("iss", ISSUER)
        .put("aud", AUDIENCE)
        .put("sub", sub)
        .put("iat", now)
        .put("exp", now + expInSeconds);
  }

  /** Signed with the gateway's own (dev) key: verifies unless the claims are wrong. */
  String gatewaySigned(JsonObject claims) {
    return gatewayKey.generateToken(
        claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true));
  }

  /** A gateway-signed token of a kiosk whose claims cover one device (any model), valid an hour. */
  String limitedTo(String dsn) {
    return gatewaySigned(
        claims("kiosk", 3600)
            .put("dss_models", new io.vertx.core.json.JsonArray().add("*"))
            .put("dss_dsns", new io.vertx.core.json.JsonArray().add(dsn)));
  }

  String otherKeySigned(JsonObject claims) {
    return otherKey.generateToken(
        claims, new JWTOptions().setAlgorithm(algorithm).setNoTimestamp(true));
  }

  static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT"))
        + "."
        + segment(claims)
        + ".";
  }

  private static String segment(JsonObject json) {
    return B64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  private static JWTAuth signer(Vertx vertx, String pem, String algorithm) {
    return JWTAuth.create(
        vertx,
        new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem)));
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String freshPrivatePem(String algorithm) {
    try {
      boolean rsa = algorithm.startsWith("RS");
      KeyPairGenerator gen = KeyPairGenerator.getInstance(rsa ? "RSA" : "EC");
      if (rsa) {
        gen.initialize(2048);
      } else {
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      }
      byte[] der = gen.generateKeyPair().getPrivate().getEncoded();
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
          + "\n-----END PRIVATE KEY-----\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
