package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server side runs on its own Vert.x (shutdown closes it); the test's Vert.x is the client. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GracefulShutdownTest {

  /** A stand-in for the SSE registry: open streams, ended with a jittered retry hint on drain. */
  private static final class Streams implements Drainable {
    final List<HttpServerResponse> open = new CopyOnWriteArrayList<>();
    final AtomicLong budgetSeen = new AtomicLong(-1);

    @Override
    public Future<Void> drain(long graceMillis) {
      budgetSeen.set(graceMillis);
      return Future.join(
              open.stream()
                  .map(
                      r ->
                          r.end(
                              "retry: "
                                  + (1000 + ThreadLocalRandom.current().nextInt(4000))
                                  + "\nevent: shutdown\ndata: {}\n\n"))
                  .toList())
          .mapEmpty();
    }
  }

  private HttpServer serveStreams(Vertx server, Streams streams, HealthRoutes health) {
    Router router = Router.router(server);
    health.mount(router);
    router
        .get("/events")
        .handler(
            ctx -> {
              HttpServerResponse r =
                  ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
              streams.open.add(r);
              r.write(": hello\n\n");
            });
    return server.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  /**
   * The listening socket closes shortly after shutdown starts (Vert.x unbinds asynchronously), so
   * the probe retries a bounded number of times: true once a connect is refused.
   */
  private static Future<Boolean> refusedWithin(Vertx vertx, int port, int attempts) {
    return vertx
        .createNetClient()
        .connect(port, "127.0.0.1")
        .transform(
            ar -> {
              if (ar.failed()) {
                return Future.succeededFuture(true);
              }
              ar.result().close();
              return attempts <= 1
                  ? Future.succeededFuture(false)
                  : vertx.timer(10).compose(t -> refusedWithin(vertx, port, attempts - 1));
            });
  }

  private Future<HttpClientResponse> openStream(HttpClient client, int port) {
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/events").compose(req -> req.send());
  }

  @Test
  void shutdownEndsLiveStreamsWithRetryHintAndRefusesNewConnections(Vertx vertx) {
    Vertx server = Vertx.vertx();
    Streams streams = new Streams();
    HealthRoutes health = new HealthRoutes(server, 1000);
    HttpServer http = serveStreams(server, streams, health);
    int port = http.actualPort();
    HttpClient client = vertx.createHttpClient();
    Buffer received = Buffer.buffer();
    Promise<Void> firstChunk = Promise.promise();
    HttpClientResponse stream =
        openStream(client, port)
            .map(
                resp ->
                    resp.handler(
                        chunk -> {
                          received.appendBuffer(chunk);
                          firstChunk.tryComplete();
                        }))
            .await();
    Future<Void> streamEnded = stream.end();
    firstChunk.future().await();
    AtomicBoolean refusedDuringDrain = new AtomicBoolean();
    AtomicBoolean readinessDownDuringDrain = new AtomicBoolean();
    Drainable probe =
        budget -> {
          readinessDownDuringDrain.set(health.draining());
          return refusedWithin(vertx, port, 100).onSuccess(refusedDuringDrain::set).mapEmpty();
        };

    long started = System.nanoTime();
    new GracefulShutdown(server, 3000, health)
        .server(http)
        .drainable(probe)
        .drainable(streams)
        .shutdown()
        .await();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    streamEnded.await();
    assertThat(received.toString()).startsWith(": hello").contains("retry: ", "event: shutdown");
    assertThat(refusedDuringDrain).isTrue();
    assertThat(readinessDownDuringDrain).isTrue();
    assertThat(streams.budgetSeen.get()).isBetween(1L, 3000L - 1);
    assertThat(tookMillis).isLessThan(3000);
  }

  @Test
  void shutdownFinishesWithinGraceWhenADrainableNeverCompletes(Vertx vertx) {
    Vertx server = Vertx.vertx();
    HealthRoutes health = new HealthRoutes(server, 1000);
    Streams streams = new Streams();
    HttpServer http = serveStreams(server, streams, health);
    openStream(vertx.createHttpClient(), http.actualPort()).await();
    AtomicBoolean closerRan = new AtomicBoolean();

    long started = System.nanoTime();
    new GracefulShutdown(server, 800, health)
        .server(http)
        .drainable(budget -> Promise.<Void>promise().future())
        .closer(
            () -> {
              closerRan.set(true);
              return Future.succeededFuture();
            })
        .shutdown()
        .await();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(tookMillis).isLessThan(800 + 300);
    assertThat(closerRan).isTrue();
  }

  @Test
  void shutdownRunsOnceWhateverTheNumberOfCalls(Vertx vertx) {
    Vertx server = Vertx.vertx();
    AtomicLong drains = new AtomicLong();
    GracefulShutdown shutdown =
        new GracefulShutdown(server, 1000, new HealthRoutes(server, 1000))
            .drainable(
                budget -> {
                  drains.incrementAndGet();
                  return Future.succeededFuture();
                });
    Future<Void> first = shutdown.shutdown();
    Future<Void> second = shutdown.shutdown();
    Future.join(first, second).await();
    assertThat(first).isSameAs(second);
    assertThat(drains.get()).isEqualTo(1);
  }
}
