package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AylaClientTest {

  private FakeAyla ayla;
  private AylaClient client;

  @BeforeEach
  void start(Vertx vertx) {
    ayla = new FakeAyla(vertx);
    int port = ayla.start().await();
    client =
        new AylaClient(
            vertx, new AylaConfig(AylaEndpoints.forSimulator(port), "app", "secret", 5000));
  }

  @AfterEach
  void stop() {
    ayla.stop().await();
  }

  private static SubscriptionSpec spec() {
    return new SubscriptionSpec("datapoint", "ledevb", "*", "*", "cloud", "test", null);
  }

  @Test
  void signInReturnsTokensThatNeverShowInToString() {
    AylaTokens tokens = client.signIn("demo@example.com", "demo1234").await();
    assertThat(tokens.accessToken()).hasSize(32);
    assertThat(tokens.expiresInSeconds()).isEqualTo(86400);
    assertThat(tokens.toString())
        .doesNotContain(tokens.accessToken())
        .doesNotContain(tokens.refreshToken());
  }

  @Test
  void signInFailsForWrongPasswordWithStatusAndBody() {
    AylaException e =
        catchThrowableOfType(
            AylaException.class, () -> client.signIn("demo@example.com", "nope").await());
    assertThat(e.status()).isEqualTo(401);
    assertThat(e.body()).contains("Invalid email or password");
    assertThat(e.toHttpError().status()).isEqualTo(401);
  }

  @Test
  void subscriptionsCanBeCreatedListedFetchedAndDeleted() {
    AylaSession session = client.openSession("demo@example.com", "demo1234").await();
    Subscription created = session.create(spec()).await();
    assertThat(created.streamKey()).hasSize(32);
    assertThat(created.spec().subscriptionType()).isEqualTo("datapoint");
    assertThat(created.toString()).doesNotContain(created.streamKey());
    assertThat(session.list().await()).extracting(Subscription::id).containsExactly(created.id());
    session.delete(created.id()).await();
    assertThat(session.list().await()).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefreshedOnceAndTheCallRetried() {
    AylaSession session = client.openSession("demo@example.com", "demo1234").await();
    String before = session.tokens().accessToken();
    ayla.expireTokens().await();
    assertThat(session.devices().await()).hasSize(1);
    assertThat(ayla.refreshes.get()).isEqualTo(1);
    assertThat(session.tokens().accessToken()).isNotEqualTo(before);
  }

  @Test
  void concurrentCallsHittingAnExpiredTokenShareOneRefresh() {
    AylaSession session = client.openSession("demo@example.com", "demo1234").await();
    ayla.expireTokens().await();
    List<Future<List<Subscription>>> calls =
        List.of(session.list(), session.list(), session.list());
    Future.all(calls).await();
    assertThat(ayla.refreshes.get()).isEqualTo(1);
  }

  @Test
  void tokensRefreshedByAnotherHolderAreAdoptedWithoutASecondRefresh() {
    AylaSession here = client.openSession("demo@example.com", "demo1234").await();
    AylaSession elsewhere =
        client.session(here.tokens()); // the same Ayla session held by another replica
    List<AylaTokens> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    here.onRefreshed(told::add);
    ayla.expireTokens().await();

    assertThat(here.devices().await()).hasSize(1);
    assertThat(told).containsExactly(here.tokens());
    elsewhere.adopt(told.get(0));
    assertThat(elsewhere.devices().await()).hasSize(1);
    assertThat(ayla.refreshes.get()).isEqualTo(1);
    assertThat(told).as("adopting is not refreshing").hasSize(1);
  }

  @Test
  void aRefusedRefreshFailsTheCallWith401() {
    AylaSession session = client.session(new AylaTokens("00", "not-the-refresh-token", 0));
    AylaException e = catchThrowableOfType(AylaException.class, () -> session.list().await());
    assertThat(e.status()).isEqualTo(401);
    assertThat(ayla.refreshes.get()).isZero();
  }

  @Test
  void upstreamRejectionsBecomeTypedErrorsCarryingStatusAndBody() {
    AylaSession session = client.openSession("demo@example.com", "demo1234").await();
    AylaException e =
        catchThrowableOfType(
            AylaException.class,
            () ->
                session
                    .createDatapoint(
                        "AC000W000340649", "Blue_LED", new JsonObject().put("value", 1))
                    .await());
    assertThat(e.status()).isEqualTo(422);
    assertThat(e.body()).contains("is missing");
    assertThat(e.toHttpError().status()).isEqualTo(422);
    assertThat(e.toHttpError().toJson().getJsonObject("upstream").getJsonObject("errors"))
        .isNotNull();
    JsonObject ok =
        session
            .createDatapoint(
                "AC000W000340649",
                "Blue_LED",
                new JsonObject().put("datapoint", new JsonObject().put("value", 1)))
            .await();
    assertThat(ok.getJsonObject("datapoint").getInteger("value")).isEqualTo(1);
  }

  @Test
  void noAnswerBecomesStatusZeroAndMapsTo502() {
    ayla.stop().await();
    AylaException e =
        catchThrowableOfType(
            AylaException.class, () -> client.signIn("demo@example.com", "demo1234").await());
    assertThat(e.status()).isZero();
    assertThat(e.isTransient()).isTrue();
    assertThat(e.toHttpError().status()).isEqualTo(502);
    ayla.start().await();
  }
}
