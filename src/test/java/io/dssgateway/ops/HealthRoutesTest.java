package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HealthRoutesTest {

  private int serve(Vertx vertx, HealthRoutes health) {
    Router router = Router.router(vertx);
    health.mount(router);
    return vertx
        .createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .await()
        .actualPort();
  }

  private HttpResponse<Buffer> get(Vertx vertx, int port, String path) {
    return WebClient.create(vertx).request(HttpMethod.GET, port, "127.0.0.1", path).send().await();
  }

  /** The entry of one named check in the module's body: {"checks":[{"id":..,"status":..,"data":{..}}]}. */
  private static JsonObject check(HttpResponse<Buffer> r, String id) {
    JsonArray checks = r.bodyAsJsonObject().getJsonArray("checks");
    return checks.stream()
        .map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no check " + id + " in " + r.bodyAsString()));
  }

  private static String cause(HttpResponse<Buffer> r, String id) {
    return check(r, id).getJsonObject("data").getString("cause");
  }

  @Test
  void liveIsUpWhileServing(Vertx vertx) {
    int port =
        serve(
            vertx,
            new HealthRoutes(vertx, 1000).check("broken", () -> Future.failedFuture("down")));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.LIVE_PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(r.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
  }

  @Test
  void readyIsUpWhenEveryCheckPasses(Vertx vertx) {
    int port =
        serve(
            vertx,
            new HealthRoutes(vertx, 1000)
                .check("http", () -> Future.succeededFuture())
                .check("upstream", () -> Future.succeededFuture("reachable")));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getString("outcome")).isEqualTo("UP");
    assertThat(check(r, "http").getString("status")).isEqualTo("UP");
    assertThat(check(r, "upstream").getString("status")).isEqualTo("UP");
  }

  @Test
  void readyIs503NamingTheFailingCheck(Vertx vertx) {
    int port =
        serve(
            vertx,
            new HealthRoutes(vertx, 1000)
                .check("http", () -> Future.succeededFuture())
                .check("upstream", () -> Future.failedFuture("simulator unreachable"))
                .check(
                    "throws",
                    () -> {
                      throw new IllegalStateException("boom");
                    }));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    assertThat(check(r, "http").getString("status")).isEqualTo("UP");
    assertThat(check(r, "upstream").getString("status")).isEqualTo("DOWN");
    assertThat(cause(r, "upstream")).isEqualTo("simulator unreachable");
    assertThat(check(r, "throws").getString("status")).isEqualTo("DOWN");
    assertThat(cause(r, "throws")).isEqualTo("boom");
  }

  @Test
  void readyReportsACheckThatNeverAnswersAsDown(Vertx vertx) {
    int port =
        serve(
            vertx, new HealthRoutes(vertx, 200).check("cluster", () -> Promise.promise().future()));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(check(r, "cluster").getString("status")).isEqualTo("DOWN");
    assertThat(cause(r, "cluster")).isNotBlank();
  }

  @Test
  void readyIs503OnceDraining(Vertx vertx) {
    HealthRoutes health =
        new HealthRoutes(vertx, 1000).check("http", () -> Future.succeededFuture());
    int port = serve(vertx, health);
    assertThat(get(vertx, port, HealthRoutes.READY_PATH).statusCode()).isEqualTo(200);
    health.markDraining();
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
    assertThat(r.bodyAsJsonObject().getJsonObject("data").getBoolean("draining")).isTrue();
    assertThat(get(vertx, port, HealthRoutes.LIVE_PATH).statusCode()).isEqualTo(200);
  }

  @Test
  void tcpReachableCheckFollowsTheTarget(Vertx vertx) throws Exception {
    for (int attempt = 0; ; attempt++) {
      HttpServer target =
          vertx
              .createHttpServer()
              .requestHandler(req -> req.response().end())
              .listen(0, "127.0.0.1")
              .await();
      int targetPort = target.actualPort();
      var check = ReadinessChecks.tcpReachable(vertx, "127.0.0.1", targetPort, 1000);
      assertThat(reachable(check)).isTrue();
      target.close().await();
      // the freed port is held, bound but not listening, while the check runs: another server
      // taking it in between would make it reachable again; connecting to it is refused
      try (java.net.Socket holder = new java.net.Socket()) {
        holder.setReuseAddress(true);
        holder.bind(new java.net.InetSocketAddress("127.0.0.1", targetPort));
        assertThat(reachable(check)).isFalse();
        return;
      } catch (java.net.BindException taken) {
        assertThat(attempt)
            .as("the freed port was taken by another server each time")
            .isLessThan(5);
      }
    }
  }

  private static boolean reachable(java.util.function.Supplier<Future<?>> check) {
    return check.get().transform(ar -> Future.succeededFuture(ar.succeeded())).await();
  }

  @Test
  void conditionCheckReportsWhatIsWrong(Vertx vertx) {
    boolean[] joined = {false};
    int port =
        serve(
            vertx,
            new HealthRoutes(vertx, 1000)
                .check(
                    "cluster", ReadinessChecks.condition("cluster not joined", () -> joined[0])));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(cause(r, "cluster")).isEqualTo("cluster not joined");
    joined[0] = true;
    assertThat(get(vertx, port, HealthRoutes.READY_PATH).statusCode()).isEqualTo(200);
  }
}
