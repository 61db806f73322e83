package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unauthenticated prior-knowledge h2c connections, each keeping many requests in flight, while the
 * connection guard sweeps often: the gateway keeps answering on every event loop. The guard once
 * held its own lock while asking Vert.x about a response (which takes the HTTP/2 connection's
 * lock) as that connection's loop, holding the connection's lock, reported a new request to the
 * guard: both loops froze for good.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class Http2FloodTest extends GatewayTestBase {

  private static final int CONNECTIONS = 3;
  private static final int IN_FLIGHT_PER_CONNECTION = 80;
  private static final int REQUESTS = 30_000;

  @Test
  void anH2cRequestFloodLeavesTheGatewayAnswering(Vertx vertx) {
    // a short body timeout makes the guard sweep every 20 ms, so sweeps and request heads meet
    // often
    gw =
        TestGateway.start(
            vertx, Map.of("http.body-timeout-ms", "80", "http.max-connections-per-address", "0"));
    Vertx clients =
        Vertx.vertx(); // the flood's own loops: a frozen gateway cannot hold up the client
    try {
      HttpClient h2 =
          clients.createHttpClient(
              new HttpClientOptions()
                  .setProtocolVersion(HttpVersion.HTTP_2)
                  .setHttp2ClearTextUpgrade(false)
                  .setHttp2MultiplexingLimit(IN_FLIGHT_PER_CONNECTION),
              new PoolOptions().setHttp2MaxSize(CONNECTIONS).setMaxWaitQueueSize(-1));
      AtomicInteger answered = new AtomicInteger();
      AtomicInteger sent = new AtomicInteger();
      RequestOptions live =
          new RequestOptions()
              .setMethod(HttpMethod.GET)
              .setHost("127.0.0.1")
              .setPort(gw.port)
              .setURI("/health/live");
      for (int i = 0; i < CONNECTIONS * IN_FLIGHT_PER_CONNECTION; i++) {
        keepSending(h2, live, sent, answered);
      }

      int seen = -1;
      long lastProgress = System.nanoTime();
      while (answered.get() < REQUESTS) {
        int now = answered.get();
        if (now != seen) {
          seen = now;
          lastProgress = System.nanoTime();
        }
        assertThat(System.nanoTime() - lastProgress)
            .as("the gateway stopped answering after %d of %d requests", now, REQUESTS)
            .isLessThan(Duration.ofSeconds(10).toNanos());
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }

      Eventually.until(
          "a new HTTP/1.1 connection answered",
          Duration.ofSeconds(5),
          () -> gw.get("/health/live", null).statusCode() == 200);
      h2.close().await();
    } finally {
      clients.close().await();
    }
  }

  private static void keepSending(
      HttpClient h2, RequestOptions options, AtomicInteger sent, AtomicInteger answered) {
    if (sent.incrementAndGet() > REQUESTS) {
      return;
    }
    h2.request(options)
        .compose(r -> r.send().compose(response -> response.body().map(response.statusCode())))
        .onComplete(
            result -> {
              if (result.succeeded() && result.result() == 200) {
                answered.incrementAndGet();
              }
              keepSending(h2, options, sent, answered);
            });
  }
}
