package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every way a credential reaches {@code /api/**}, good and bad, over real HTTP. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CredentialHandlerTest {

  private static final String CHALLENGE = "Bearer realm=\"dss-gateway\"";

  private final List<String> tokensSeen = new ArrayList<>();
  private LogCapture logs;
  private WebClient client;
  private AuthHarness gw;
  private TestTokens devSigner;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    logs = new LogCapture();
    client = WebClient.create(vertx);
    startWith(vertx, Map.of(), ctx);
  }

  private void startWith(Vertx vertx, Map<String, String> settings, VertxTestContext ctx) {
    SessionCheck sessions = sid -> Future.succeededFuture(!"logged-out".equals(sid));
    AuthHarness.start(vertx, settings, sessions)
        .onComplete(
            ctx.succeeding(
                h -> {
                  gw = h;
                  devSigner =
                      new TestTokens(
                          vertx, h.issuer.keyId(), read("conf/dev-keys/jwt-dev-private.pem"));
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void noTokenWasEverLogged() {
    logs.close();
    List<String> lines = logs.lines();
    for (String token : tokensSeen) {
      assertThat(lines).noneMatch(line -> line.contains(token));
      String payload = token.split("\\.").length > 1 ? token.split("\\.")[1] : token;
      assertThat(lines).noneMatch(line -> line.contains(payload));
    }
  }

  @Test
  void requestWithoutCredentialGets401WithBareChallenge(VertxTestContext ctx) {
    expectError(ctx, whoami(), 401, "missing_credentials", CHALLENGE);
  }

  @Test
  void garbageTokenIsInvalid(VertxTestContext ctx) {
    expectError(
        ctx,
        bearer("not-a-jwt-at-all-but-long-enough"),
        401,
        "invalid_token",
        CHALLENGE + ", error=\"invalid_token\"");
  }

  @Test
  void expiredTokenIsInvalid(VertxTestContext ctx) {
    String token =
        devSigner.sign(
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() - 60));
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void tokenNotYetValidIsInvalid(VertxTestContext ctx) {
    JsonObject claims =
        TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() + 3600)
            .put("nbf", TestTokens.now() + 600);
    expectError(ctx, bearer(devSigner.sign(claims)), 401, "invalid_token", null);
  }

  @Test
  void timeClaimsThatAreNotNumbersOrOutOfRangeAreInvalidTokensWithoutAStackTrace(
      Vertx vertx, VertxTestContext ctx) {
    long now = TestTokens.now();
    List<JsonObject> odd =
        List.of(
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600).put("exp", "tomorrow"),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600).put("exp", true),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600)
                .put("exp", new JsonObject()),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600)
                .put("exp", Long.MAX_VALUE),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600).put("exp", 1e300),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600)
                .put("exp", 10_000_000_000_000_000L),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600)
                .put("nbf", "yesterday"),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600)
                .put("nbf", Long.MIN_VALUE),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600).put("iat", "now"),
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", now + 600).put("iat", -1e300));
    Future<Void> chain = Future.succeededFuture();
    for (JsonObject claims : odd) {
      String token = track(devSigner.sign(claims));
      chain =
          chain
              .compose(v -> bearer(token).send())
              .map(
                  r -> {
                    ctx.verify(
                        () -> {
                          assertThat(r.statusCode())
                              .as(claims.encode() + " -> " + r.bodyAsString())
                              .isEqualTo(401);
                          assertError(
                              r, 401, "invalid_token", CHALLENGE + ", error=\"invalid_token\"");
                        });
                    return null;
                  });
    }
    chain.onComplete(
        ctx.succeeding(
            v ->
                ctx.verify(
                    () -> {
                      assertThat(logs.stackTraces()).isEmpty();
                      ctx.completeNow();
                    })));
  }

  @Test
  void gatewayTokenWhoseEs256SignatureIsNotExactlyRAndSIsInvalid(VertxTestContext ctx) {
    String token =
        track(
            devSigner.sign(
                TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() + 600)));
    Future<Void> chain =
        bearer(token)
            .send()
            .map(
                r -> {
                  ctx.verify(() -> assertThat(r.statusCode()).as("as signed").isEqualTo(200));
                  return null;
                });
    Map<String, String> answers = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> variant : TestTokens.respelt(token).entrySet()) {
      chain =
          chain
              .compose(v -> bearer(variant.getValue()).send())
              .map(
                  r -> {
                    answers.put(
                        variant.getKey(),
                        r.statusCode() + " " + r.bodyAsJsonObject().getString("error"));
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
                                  assertThat(answer).as(variant).isEqualTo("401 invalid_token"));
                      ctx.completeNow();
                    })));
  }

  @Test
  void tokenWithinLeewayOfExpiryIsStillAccepted(VertxTestContext ctx) {
    String token =
        devSigner.sign(TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() - 2));
    expectOk(ctx, bearer(token), body -> assertThat(body.getString("sub")).isEqualTo("u1"));
  }

  @Test
  void tokenSignedWithAnotherKeyIsInvalid(Vertx vertx, VertxTestContext ctx) {
    TestTokens impostor = new TestTokens(vertx, gw.issuer.keyId());
    String token =
        impostor.sign(
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() + 600));
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void tokenWithWrongIssuerIsInvalid(VertxTestContext ctx) {
    String token =
        devSigner.sign(
            TestTokens.claims("someone-else", "dss-gateway", "u1", TestTokens.now() + 600));
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void tokenWithWrongAudienceIsInvalid(VertxTestContext ctx) {
    String token =
        devSigner.sign(
            TestTokens.claims("dss-gateway", "another-api", "u1", TestTokens.now() + 600));
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void unsignedAlgNoneTokenIsInvalid(VertxTestContext ctx) {
    String token =
        TestTokens.unsigned(
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() + 600));
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void hmacTokenKeyedWithThePublicKeyIsInvalid(VertxTestContext ctx) {
    String publicPem = read("conf/dev-keys/jwt-dev-public.pem");
    String token =
        TestTokens.hmacWithKey(
            TestTokens.claims("dss-gateway", "dss-gateway", "u1", TestTokens.now() + 600),
            publicPem,
            gw.issuer.keyId());
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void validGatewayTokenInHeaderIdentifiesTheUser(VertxTestContext ctx) {
    String token = track(gw.issuer.issue("user-7", "s-1", Map.of()));
    expectOk(
        ctx,
        bearer(token),
        body -> {
          assertThat(body.getString("sub")).isEqualTo("user-7");
          assertThat(body.getString("sid")).isEqualTo("s-1");
          assertThat(body.getString("source")).isEqualTo("GATEWAY");
        });
  }

  @Test
  void validGatewayTokenInSessionCookieIdentifiesTheUser(VertxTestContext ctx) {
    String token = track(gw.issuer.issue("user-7", "s-1", Map.of()));
    expectOk(
        ctx,
        whoami().putHeader("Cookie", "dss_session=" + token),
        body -> assertThat(body.getString("sub")).isEqualTo("user-7"));
  }

  @Test
  void tokenOfALoggedOutSessionIsInvalid(VertxTestContext ctx) {
    String token = track(gw.issuer.issue("user-7", "logged-out", Map.of()));
    expectError(ctx, bearer(token), 401, "invalid_token", null);
  }

  @Test
  void ticketWorksOnceAndIsRefusedWhenReused(VertxTestContext ctx) {
    String ticket =
        gw.tickets
            .issue(
                Principal.unrestricted(
                    "user-7",
                    "s-1",
                    java.time.Instant.now().plusSeconds(600),
                    Principal.Source.GATEWAY))
            .await();
    tokensSeen.add(ticket);
    client
        .get(gw.port(), "127.0.0.1", "/api/whoami?ticket=" + ticket)
        .send()
        .compose(
            first -> {
              ctx.verify(
                  () -> {
                    assertThat(first.statusCode()).isEqualTo(200);
                    assertThat(first.bodyAsJsonObject().getString("source")).isEqualTo("TICKET");
                    assertThat(first.bodyAsJsonObject().getString("sub")).isEqualTo("user-7");
                  });
              return client.get(gw.port(), "127.0.0.1", "/api/whoami?ticket=" + ticket).send();
            })
        .onComplete(
            ctx.succeeding(
                second ->
                    ctx.verify(
                        () -> {
                          assertError(
                              second,
                              401,
                              "invalid_ticket",
                              CHALLENGE + ", error=\"invalid_token\"");
                          ctx.completeNow();
                        })));
  }

  @Test
  void ticketOfALoggedOutSessionIsRefused(VertxTestContext ctx) {
    String ticket =
        gw.tickets
            .issue(
                Principal.unrestricted(
                    "u",
                    "logged-out",
                    java.time.Instant.now().plusSeconds(600),
                    Principal.Source.GATEWAY))
            .await();
    expectError(
        ctx,
        client.get(gw.port(), "127.0.0.1", "/api/whoami?ticket=" + ticket),
        401,
        "invalid_token",
        null);
  }

  @Test
  void tokenInQueryIsRefusedByDefault(VertxTestContext ctx) {
    String token = track(gw.issuer.issue("user-7", "s-1", Map.of()));
    expectError(
        ctx,
        client
            .get(gw.port(), "127.0.0.1", "/api/whoami?access_token=" + token)
            .putHeader("Authorization", "Bearer " + token),
        401,
        "invalid_request",
        CHALLENGE + ", error=\"invalid_request\"");
  }

  @Test
  void tokenInQueryIsAcceptedWhenEnabled(Vertx vertx, VertxTestContext ctx) {
    gw.server
        .close()
        .onComplete(
            ctx.succeeding(
                v ->
                    AuthHarness.start(
                            vertx, Map.of("auth.allow-token-in-query", "true"), SessionCheck.NONE)
                        .onComplete(
                            ctx.succeeding(
                                h -> {
                                  String token = track(h.issuer.issue("user-7", null, Map.of()));
                                  expectOk(
                                      ctx,
                                      client.get(
                                          h.port(),
                                          "127.0.0.1",
                                          "/api/whoami?access_token=" + token),
                                      body ->
                                          assertThat(body.getString("sub")).isEqualTo("user-7"));
                                }))));
  }

  @Test
  void emptyBearerHeaderIsABadRequest(VertxTestContext ctx) {
    expectError(
        ctx, whoami().putHeader("Authorization", "Bearer   "), 400, "invalid_request", null);
  }

  @Test
  void serviceModeClaimsLimitWhichDevicesAreVisible(Vertx vertx, VertxTestContext ctx) {
    Map<String, String> service =
        new HashMap<>(
            Map.of(
                "auth.mode",
                "service",
                "auth.service.email",
                "svc@example.com",
                "auth.service.password",
                "pw"));
    gw.server
        .close()
        .compose(v -> AuthHarness.start(vertx, service, SessionCheck.NONE))
        .onComplete(
            ctx.succeeding(
                h -> {
                  String limited =
                      track(
                          h.issuer.issue(
                              "b1",
                              null,
                              ScopeClaims.limitedTo(
                                  List.of("AY001MUX1"), List.of("AC000W000000001"))));
                  String noClaims = track(h.issuer.issue("b2", null, Map.of()));
                  String all = track(h.issuer.issue("b3", null, ScopeClaims.unrestricted()));
                  String path = "/api/devices/%s?oem_model=AY001MUX1";
                  client
                      .get(h.port(), "127.0.0.1", path.formatted("AC000W000000001"))
                      .putHeader("Authorization", "Bearer " + limited)
                      .send()
                      .compose(
                          inside -> {
                            ctx.verify(() -> assertThat(inside.statusCode()).isEqualTo(200));
                            return client
                                .get(h.port(), "127.0.0.1", path.formatted("AC000W000000002"))
                                .putHeader("Authorization", "Bearer " + limited)
                                .send();
                          })
                      .compose(
                          outside -> {
                            ctx.verify(
                                () ->
                                    assertError(
                                        outside,
                                        403,
                                        "insufficient_scope",
                                        CHALLENGE + ", error=\"insufficient_scope\""));
                            return client
                                .get(h.port(), "127.0.0.1", path.formatted("AC000W000000001"))
                                .putHeader("Authorization", "Bearer " + noClaims)
                                .send();
                          })
                      .compose(
                          none -> {
                            ctx.verify(() -> assertError(none, 403, "insufficient_scope", null));
                            return client
                                .get(h.port(), "127.0.0.1", path.formatted("AC000W000000009"))
                                .putHeader("Authorization", "Bearer " + all)
                                .send();
                          })
                      .onComplete(
                          ctx.succeeding(
                              any ->
                                  ctx.verify(
                                      () -> {
                                        assertThat(any.statusCode()).isEqualTo(200);
                                        ctx.completeNow();
                                      })));
                }));
  }

  private HttpRequest<Buffer> whoami() {
    return client.get(gw.port(), "127.0.0.1", "/api/whoami");
  }

  private HttpRequest<Buffer> bearer(String token) {
    return whoami().putHeader("Authorization", "Bearer " + track(token));
  }

  private String track(String token) {
    tokensSeen.add(token);
    return token;
  }

  private void expectOk(
      VertxTestContext ctx,
      HttpRequest<Buffer> request,
      java.util.function.Consumer<JsonObject> check) {
    request
        .send()
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                          check.accept(r.bodyAsJsonObject());
                          ctx.completeNow();
                        })));
  }

  private void expectError(
      VertxTestContext ctx,
      HttpRequest<Buffer> request,
      int status,
      String code,
      String challenge) {
    request
        .send()
        .onComplete(
            ctx.succeeding(
                r ->
                    ctx.verify(
                        () -> {
                          assertError(r, status, code, challenge);
                          ctx.completeNow();
                        })));
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code, String challenge) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(code);
    assertThat(r.getHeader("WWW-Authenticate")).startsWith(CHALLENGE);
    if (challenge != null) {
      assertThat(r.getHeader("WWW-Authenticate")).isEqualTo(challenge);
    }
  }

  static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
