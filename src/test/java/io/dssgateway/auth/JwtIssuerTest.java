package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.config.ConfigError;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issued tokens' claims, the JWK set, HS256 and start-up key checks. */
@ExtendWith(VertxExtension.class)
class JwtIssuerTest {

  private static JsonObject payload(String token) {
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @Test
  void issuedTokenCarriesRegisteredClaimsThatExtrasCannotOverride(
      Vertx vertx, VertxTestContext ctx) {
    AuthConfig config =
        AuthConfig.from(GatewaySettings.config(Map.of("auth.jwt.ttl-seconds", "120")));
    JwtIssuer.create(vertx, config)
        .onComplete(
            ctx.succeeding(
                issuer ->
                    ctx.verify(
                        () -> {
                          JsonObject claims =
                              payload(
                                  issuer.issue(
                                      "u1",
                                      "s1",
                                      Map.of(
                                          "sub",
                                          "admin",
                                          "exp",
                                          99999999999L,
                                          "dss_dsns",
                                          java.util.List.of("D1"))));
                          assertThat(claims.getString("sub")).isEqualTo("u1");
                          assertThat(claims.getString("sid")).isEqualTo("s1");
                          assertThat(claims.getString("iss")).isEqualTo("dss-gateway");
                          assertThat(claims.getValue("aud").toString()).contains("dss-gateway");
                          assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(120);
                          assertThat(claims.getString("jti")).isNotBlank();
                          assertThat(claims.getJsonArray("dss_dsns")).containsExactly("D1");
                          ctx.completeNow();
                        })));
  }

  @Test
  void jwksPublishesTheDevPublicKeyUnderTheTokensKid(Vertx vertx, VertxTestContext ctx) {
    AuthConfig config = AuthConfig.from(GatewaySettings.config(Map.of()));
    JwtIssuer.create(vertx, config)
        .onComplete(
            ctx.succeeding(
                issuer ->
                    ctx.verify(
                        () -> {
                          JsonObject key = issuer.jwks().getJsonArray("keys").getJsonObject(0);
                          assertThat(key.getString("kty")).isEqualTo("EC");
                          assertThat(key.getString("alg")).isEqualTo("ES256");
                          assertThat(key.containsKey("d")).as("never the private part").isFalse();
                          String header =
                              new String(
                                  Base64.getUrlDecoder()
                                      .decode(issuer.issue("u", null, Map.of()).split("\\.")[0]),
                                  StandardCharsets.UTF_8);
                          assertThat(new JsonObject(header).getString("kid"))
                              .isEqualTo(key.getString("kid"));
                          ctx.completeNow();
                        })));
  }

  @Test
  void hs256IssuesVerifiableTokensAndPublishesNoKeys(Vertx vertx, VertxTestContext ctx) {
    AuthConfig config =
        AuthConfig.from(
            GatewaySettings.config(
                Map.of(
                    "auth.jwt.algorithm",
                    "HS256",
                    "auth.jwt.hmac-secret",
                    "0123456789abcdef0123456789abcdef")));
    JwtIssuer.create(vertx, config)
        .compose(
            issuer ->
                TokenVerifier.create(vertx, config, issuer)
                    .compose(v -> v.verify(issuer.issue("u1", null, Map.of())))
                    .map(
                        p -> {
                          ctx.verify(
                              () -> {
                                assertThat(p.subject()).isEqualTo("u1");
                                assertThat(issuer.jwks().getJsonArray("keys")).isEmpty();
                              });
                          return p;
                        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void mismatchedKeyPairFailsAtStartup(Vertx vertx, VertxTestContext ctx, @TempDir Path dir)
      throws Exception {
    String otherPem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(TestTokens.ecKeyPair().getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    Path otherPublic =
        Files.writeString(dir.resolve("other.pem"), otherPem); // another P-256 pair's public key
    AuthConfig config =
        AuthConfig.from(
            GatewaySettings.config(Map.of("auth.jwt.public-key-file", otherPublic.toString())));
    JwtIssuer.create(vertx, config)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(e)
                              .isInstanceOf(ConfigError.class)
                              .hasMessageContaining("do not match");
                          ctx.completeNow();
                        })));
  }

  @Test
  void shortHmacSecretIsRejected() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                AuthConfig.from(
                    GatewaySettings.config(
                        Map.of("auth.jwt.algorithm", "HS256", "auth.jwt.hmac-secret", "short"))))
        .isInstanceOf(ConfigError.class)
        .hasMessageNotContaining("short");
  }
}
