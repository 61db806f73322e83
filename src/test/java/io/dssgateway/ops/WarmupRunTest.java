package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Warmup} against servers that misbehave: the start always goes on, and nothing is left running. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WarmupRunTest {

  /** A deploy function for {@link Warmup#run}: one server on a loopback port with this handler. */
  private static Future<String> deploy(
      Vertx vertx, Consumer<HttpServer> started, Handler<HttpServerRequest> handler) {
    return vertx.deployVerticle(
        new VerticleBase() {
          @Override
          public Future<?> start() {
            return vertx
                .createHttpServer()
                .requestHandler(handler)
                .listen(0, Warmup.HOST)
                .onSuccess(started::accept);
          }
        });
  }

  @Test
  void aServerAnsweringAnythingButTheExpected422StopsTheWarmupAndItsServerGoes(Vertx vertx) {
    AtomicInteger seen = new AtomicInteger();
    new Warmup(vertx, 1000, 0, () -> "token")
        .run(
            started ->
                deploy(
                    vertx,
                    started,
                    request -> {
                      seen.incrementAndGet();
                      request.response().setStatusCode(401).end();
                    }))
        .await();
    assertThat(seen.get()).as("requests before it stopped").isBetween(1, 8);
    assertThat(vertx.deploymentIDs()).as("deployments left").isEmpty();
  }

  @Test
  void aServerThatNeverAnswersHoldsTheStartNoLongerThanTwiceTheTimeAllowed(Vertx vertx) {
    long start = System.nanoTime();
    new Warmup(vertx, 1000, 0, () -> "token", Duration.ofMillis(500))
        .run(started -> deploy(vertx, started, request -> {}))
        .await();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(vertx.deploymentIDs()).as("deployments left").isEmpty();
  }

  @Test
  void itKeepsNoMoreConnectionsOpenThanTheGatewayAllowsOneAddress(Vertx vertx) {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    new Warmup(vertx, 60, 3, () -> "token")
        .run(
            started ->
                vertx.deployVerticle(
                    new VerticleBase() {
                      @Override
                      public Future<?> start() {
                        return vertx
                            .createHttpServer()
                            .connectionHandler(
                                connection -> {
                                  most.accumulateAndGet(open.incrementAndGet(), Math::max);
                                  connection.closeHandler(v -> open.decrementAndGet());
                                })
                            .requestHandler(
                                request -> {
                                  assertThat(request.getHeader("Authorization"))
                                      .isEqualTo("Bearer token");
                                  answered.incrementAndGet();
                                  request.response().setStatusCode(422).end();
                                })
                            .listen(0, Warmup.HOST)
                            .onSuccess(started::accept);
                      }
                    }))
        .await();
    assertThat(answered.get()).isEqualTo(60);
    assertThat(most.get()).as("connections open at once").isBetween(1, 3);
    assertThat(vertx.deploymentIDs()).as("deployments left").isEmpty();
  }

  @Test
  void noTokenNoWarmupAndTheStartGoesOn(Vertx vertx) {
    AtomicInteger deployed = new AtomicInteger();
    new Warmup(
            vertx,
            1000,
            0,
            () -> {
              throw new IllegalStateException("no key");
            })
        .run(
            started -> {
              deployed.incrementAndGet();
              return Future.succeededFuture("none");
            })
        .await();
    assertThat(deployed.get()).isZero();
  }
}
