package io.dssgateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * N tokens that differ in their signature: the claims of a token the gateway issued at login,
 * each with its own {@code jti}, signed again with the gateway's (development) private key. The
 * gateway then checks one signature per connection, as it would for N different browsers, and
 * no cache of verified tokens can stand in for that work.
 */
final class DistinctTokens {

  private DistinctTokens() {}

  static List<String> mint(Vertx vertx, String loginToken, Path privateKeyPem, int count)
      throws Exception {
    String[] parts = loginToken.split("\\.");
    JsonObject header =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String alg = header.getString("alg");
    JWTAuth signer =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(
                    new PubSecKeyOptions()
                        .setAlgorithm(alg)
                        .setBuffer(Files.readString(privateKeyPem))));
    JWTOptions options = new JWTOptions().setAlgorithm(alg).setNoTimestamp(true);
    if (header.getString("kid") != null) {
      options.setHeader(new JsonObject().put("kid", header.getString("kid")));
    }
    List<String> tokens = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tokens.add(signer.generateToken(claims.copy().put("jti", "bench-" + i), options));
    }
    return tokens;
  }
}
