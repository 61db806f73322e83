package io.dssgateway.auth;

import static io.dssgateway.auth.CredentialHandlerTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Tokens from an external issuer: keys from a JWKS URL (with rotation) or a PEM file. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExternalIssuerTest {

  private static final String ISS = "https://idp.example";
  private static final String AUD = "dss-api";

  private final AtomicReference<JsonObject> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private HttpServer jwksServer;
  private WebClient client;

  @BeforeEach
  void startJwksServer(Vertx vertx, VertxTestContext ctx) {
    client = WebClient.create(vertx);
    vertx
        .createHttpServer()
        .requestHandler(
            req -> {
              fetches.incrementAndGet();
              req.response()
                  .putHeader("Content-Type", "application/json")
                  .end(published.get().encode());
            })
        .listen(0, "127.0.0.1")
        .onComplete(
            ctx.succeeding(
                s -> {
                  jwksServer = s;
                  ctx.completeNow();
                }));
  }

  private Map<String, String> jwksSettings() {
    return Map.of(
        "auth.external.jwks-url",
        "http://127.0.0.1:" + jwksServer.actualPort() + "/jwks.json",
        "auth.external.issuer",
        ISS,
        "auth.external.audience",
        AUD,
        "auth.external.jwks-min-refetch-seconds",
        "0");
  }

  @Test
  void externalTokenVerifiesWithKeyFromJwksUrl(Vertx vertx, VertxTestContext ctx) {
    TestTokens idp = new TestTokens(vertx, "k1");
    published.set(new JsonObject().put("keys", new JsonArray().add(idp.jwk())));
    String token =
        idp.sign(
            TestTokens.claims(ISS, AUD, "ext-user", TestTokens.now() + 600).put("sid", "not-ours"));
    AuthHarness.start(vertx, jwksSettings(), sid -> io.vertx.core.Future.succeededFuture(false))
        .compose(
            h ->
                client
                    .get(h.port(), "127.0.0.1", "/api/whoami")
                    .putHeader("Authorization", "Bearer " + token)
                    .send())
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                          assertThat(r.bodyAsJsonObject().getString("sub")).isEqualTo("ext-user");
                          assertThat(r.bodyAsJsonObject().getString("source"))
                              .isEqualTo("EXTERNAL");
                          assertThat(r.bodyAsJsonObject().getString("sid"))
                              .as("external tokens carry no gateway session")
                              .isNull();
                          ctx.completeNow();
                        })));
  }

  @Test
  void unknownKeyIdTriggersJwksRefetchSoRotatedKeysWork(Vertx vertx, VertxTestContext ctx) {
    TestTokens oldKey = new TestTokens(vertx, "2025-key");
    TestTokens newKey = new TestTokens(vertx, "2026-key");
    published.set(new JsonObject().put("keys", new JsonArray().add(oldKey.jwk())));
    AuthHarness.start(vertx, jwksSettings(), SessionCheck.NONE)
        .onComplete(
            ctx.succeeding(
                h -> {
                  int fetchesAtStart = fetches.get();
                  published.set(new JsonObject().put("keys", new JsonArray().add(newKey.jwk())));
                  String token =
                      newKey.sign(TestTokens.claims(ISS, AUD, "rotated", TestTokens.now() + 600));
                  client
                      .get(h.port(), "127.0.0.1", "/api/whoami")
                      .putHeader("Authorization", "Bearer " + token)
                      .send()
                      .onComplete(
                          ctx.succeeding(
                              r ->
                                  ctx.verify(
                                      () -> {
                                        assertThat(r.statusCode())
                                            .as(r.bodyAsString())
                                            .isEqualTo(200);
                                        assertThat(fetches.get()).isEqualTo(fetchesAtStart + 1);
                                        ctx.completeNow();
                                      })));
                }));
  }

  @Test
  void externalTokenForAnotherAudienceOrIssuerIsInvalid(Vertx vertx, VertxTestContext ctx) {
    TestTokens idp = new TestTokens(vertx, "k1");
    published.set(new JsonObject().put("keys", new JsonArray().add(idp.jwk())));
    String wrongAud = idp.sign(TestTokens.claims(ISS, "other-api", "u", TestTokens.now() + 600));
    String wrongIss =
        idp.sign(TestTokens.claims("https://evil.example", AUD, "u", TestTokens.now() + 600));
    assertBothInvalid(vertx, ctx, wrongAud, wrongIss);
  }

  @Test
  void externalTokenWithATimeClaimThatIsNotANumberIsInvalid(Vertx vertx, VertxTestContext ctx) {
    TestTokens idp = new TestTokens(vertx, "k1");
    published.set(new JsonObject().put("keys", new JsonArray().add(idp.jwk())));
    String stringExp =
        idp.sign(TestTokens.claims(ISS, AUD, "u", TestTokens.now() + 600).put("exp", "tomorrow"));
    String stringNbf =
        idp.sign(TestTokens.claims(ISS, AUD, "u", TestTokens.now() + 600).put("nbf", "yesterday"));
    assertBothInvalid(vertx, ctx, stringExp, stringNbf);
  }

  @Test
  void externalTokenWhoseEs256SignatureIsNotExactlyRAndSIsInvalid(
      Vertx vertx, VertxTestContext ctx) {
    TestTokens idp = new TestTokens(vertx, "k1");
    published.set(new JsonObject().put("keys", new JsonArray().add(idp.jwk())));
    String token = idp.sign(TestTokens.claims(ISS, AUD, "u", TestTokens.now() + 600));
    AuthHarness.start(vertx, jwksSettings(), SessionCheck.NONE)
        .onComplete(
            ctx.succeeding(
                h -> {
                  io.vertx.core.Future<Void> chain =
                      client
                          .get(h.port(), "127.0.0.1", "/api/whoami")
                          .putHeader("Authorization", "Bearer " + token)
                          .send()
                          .map(
                              r -> {
                                ctx.verify(
                                    () ->
                                        assertThat(r.statusCode()).as("as signed").isEqualTo(200));
                                return null;
                              });
                  Map<String, String> answers = new java.util.LinkedHashMap<>();
                  for (Map.Entry<String, String> variant : TestTokens.respelt(token).entrySet()) {
                    chain =
                        chain
                            .compose(
                                v ->
                                    client
                                        .get(h.port(), "127.0.0.1", "/api/whoami")
                                        .putHeader("Authorization", "Bearer " + variant.getValue())
                                        .send())
                            .map(
                                r -> {
                                  answers.put(
                                      variant.getKey(),
                                      r.statusCode()
                                          + " "
                                          + r.bodyAsJsonObject().getString("error"));
                                  return null;
                                });
                  }
                  chain.onComplete(
                      ctx.succeeding(
                          v ->
                              ctx.verify(
                                  () -> {
                                    assertThat(answers)
                                        .hasSize(6)
                                        .allSatisfy(
                                            (variant, answer) ->
                                                assertThat(answer)
                                                    .as(variant)
                                                    .isEqualTo("401 invalid_token"));
                                    ctx.completeNow();
                                  })));
                }));
  }

  @Test
  void hmacTokenKeyedWithTheExternalPublicKeyIsInvalid(Vertx vertx, VertxTestContext ctx) {
    TestTokens idp = new TestTokens(vertx, "k1");
    published.set(new JsonObject().put("keys", new JsonArray().add(idp.jwk())));
    String forged =
        TestTokens.hmacWithKey(
            TestTokens.claims(ISS, AUD, "u", TestTokens.now() + 600), idp.publicPem(), "k1");
    AuthHarness.start(vertx, jwksSettings(), SessionCheck.NONE)
        .compose(
            h ->
                client
                    .get(h.port(), "127.0.0.1", "/api/whoami")
                    .putHeader("Authorization", "Bearer " + forged)
                    .send())
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          assertError(r, 401, "invalid_token", null);
                          ctx.completeNow();
                        })));
  }

  @Test
  void externalKeyFromPemFileVerifiesAndServiceModeWithoutClaimsSeesNothing(
      Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
    TestTokens idp = new TestTokens(vertx, null);
    Path pem = Files.writeString(dir.resolve("idp.pem"), idp.publicPem());
    Map<String, String> settings =
        Map.of(
            "auth.external.public-keys-file",
            pem.toString(),
            "auth.external.issuer",
            ISS,
            "auth.external.audience",
            AUD,
            "auth.mode",
            "service",
            "auth.service.email",
            "svc@example.com",
            "auth.service.password",
            "pw");
    String bare = idp.sign(TestTokens.claims(ISS, AUD, "browser", TestTokens.now() + 600));
    String scoped =
        idp.sign(
            TestTokens.claims(ISS, AUD, "browser", TestTokens.now() + 600)
                .put(ScopeClaims.DSNS, new JsonArray().add("AC000W000000001")));
    AuthHarness.start(vertx, settings, SessionCheck.NONE)
        .onComplete(
            ctx.succeeding(
                h ->
                    client
                        .get(h.port(), "127.0.0.1", "/api/devices/AC000W000000001?oem_model=m")
                        .putHeader("Authorization", "Bearer " + bare)
                        .send()
                        .compose(
                            r1 -> {
                              ctx.verify(() -> assertError(r1, 403, "insufficient_scope", null));
                              return client
                                  .get(
                                      h.port(),
                                      "127.0.0.1",
                                      "/api/devices/AC000W000000001?oem_model=m")
                                  .putHeader("Authorization", "Bearer " + scoped)
                                  .send();
                            })
                        .onComplete(
                            ctx.succeeding(
                                r2 ->
                                    ctx.verify(
                                        () -> {
                                          assertThat(r2.statusCode())
                                              .as(r2.bodyAsString())
                                              .isEqualTo(200);
                                          ctx.completeNow();
                                        })))));
  }

  /** Each token, on a gateway that trusts the published keys, is answered 401 invalid_token. */
  private void assertBothInvalid(Vertx vertx, VertxTestContext ctx, String first, String second) {
    AuthHarness.start(vertx, jwksSettings(), SessionCheck.NONE)
        .onComplete(
            ctx.succeeding(
                h ->
                    whoami(h.port(), first)
                        .compose(
                            r1 -> {
                              ctx.verify(() -> assertError(r1, 401, "invalid_token", null));
                              return whoami(h.port(), second);
                            })
                        .onComplete(
                            ctx.succeeding(
                                r2 ->
                                    ctx.verify(
                                        () -> {
                                          assertError(r2, 401, "invalid_token", null);
                                          ctx.completeNow();
                                        })))));
  }

  private io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>
      whoami(int port, String token) {
    return client
        .get(port, "127.0.0.1", "/api/whoami")
        .putHeader("Authorization", "Bearer " + token)
        .send();
  }
}
