package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class HealthRoutesTest {

  private int serve(Vertx vertx, HealthRoutes health) {
    Router router = Router.router(vertx);
    health.mount(router);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
  }

  private HttpResponse<Buffer> get(Vertx vertx, int port, String path) {
    return WebClient.create(vertx).request(HttpMethod.GET, port, "127.0.0.1", path).send().await();
  }

  @Test
  void liveIsUpWhileServing(Vertx vertx) {
    int port = serve(vertx, new HealthRoutes(1000).check("broken", () -> Future.failedFuture("down")));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.LIVE_PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void readyIsUpWhenEveryCheckPasses(Vertx vertx) {
    int port = serve(vertx, new HealthRoutes(1000)
        .check("http", () -> Future.succeededFuture())
        .check("upstream", () -> Future.succeededFuture("reachable")));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getJsonObject("upstream").getString("status")).isEqualTo("UP");
  }

  @Test
  void readyIs503NamingTheFailingCheck(Vertx vertx) {
    int port = serve(vertx, new HealthRoutes(1000)
        .check("http", () -> Future.succeededFuture())
        .check("upstream", () -> Future.failedFuture("simulator unreachable"))
        .check("throws", () -> {
          throw new IllegalStateException("boom");
        }));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    JsonObject checks = r.bodyAsJsonObject().getJsonObject("checks");
    assertThat(checks.getJsonObject("http").getString("status")).isEqualTo("UP");
    assertThat(checks.getJsonObject("upstream").getString("status")).isEqualTo("DOWN");
    assertThat(checks.getJsonObject("upstream").getString("error")).isEqualTo("simulator unreachable");
    assertThat(checks.getJsonObject("throws").getString("status")).isEqualTo("DOWN");
  }

  @Test
  void readyReportsACheckThatNeverAnswersAsDown(Vertx vertx) {
    int port = serve(vertx, new HealthRoutes(200).check("cluster", () -> Promise.promise().future()));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getJsonObject("checks").getJsonObject("cluster").getString("status")).isEqualTo("DOWN");
  }

  @Test
  void readyIs503OnceDraining(Vertx vertx) {
    HealthRoutes health = new HealthRoutes(1000).check("http", () -> Future.succeededFuture());
    int port = serve(vertx, health);
    assertThat(get(vertx, port, HealthRoutes.READY_PATH).statusCode()).isEqualTo(200);
    health.markDraining();
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.bodyAsJsonObject().getBoolean("draining")).isTrue();
    assertThat(get(vertx, port, HealthRoutes.LIVE_PATH).statusCode()).isEqualTo(200);
  }

  @Test
  void tcpReachableCheckFollowsTheTarget(Vertx vertx) {
    HttpServer target = vertx.createHttpServer().requestHandler(req -> req.response().end()).listen(0, "127.0.0.1").await();
    int targetPort = target.actualPort();
    var check = ReadinessChecks.tcpReachable(vertx, "127.0.0.1", targetPort, 1000);
    Boolean reachable = check.get().transform(ar -> Future.succeededFuture(ar.succeeded())).await();
    assertThat(reachable).isTrue();
    target.close().await();
    Boolean reachableAfterClose = check.get().transform(ar -> Future.succeededFuture(ar.succeeded())).await();
    assertThat(reachableAfterClose).isFalse();
  }

  @Test
  void conditionCheckReportsWhatIsWrong(Vertx vertx) {
    boolean[] joined = {false};
    int port = serve(vertx, new HealthRoutes(1000).check("cluster", ReadinessChecks.condition("cluster not joined", () -> joined[0])));
    HttpResponse<Buffer> r = get(vertx, port, HealthRoutes.READY_PATH);
    assertThat(r.bodyAsJsonObject().getJsonObject("checks").getJsonObject("cluster").getString("error")).isEqualTo("cluster not joined");
    joined[0] = true;
    assertThat(get(vertx, port, HealthRoutes.READY_PATH).statusCode()).isEqualTo(200);
  }
}
