package io.dssgateway.ops;

import io.dssgateway.auth.JwtIssuer;
import io.dssgateway.auth.ScopeClaims;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the gateway listens, it sends itself requests over loopback that take a browser's way
 * into a stream: a new connection, HTTP parsing, routing, the token's signature check, the query
 * check. Each ends in a 422 before anything is asked of Ayla or the hub, so a crowd arriving
 * right after a start or a restart meets compiled code instead of the interpreter.
 */
final class Warmup {

  static final String HOST = "127.0.0.1";
  static final String SUBJECT = "gateway-warm-up";
  /** A DSN with {@code !} fails the query check, which comes right after the credential's. */
  static final String REQUEST = "/events?subscription_type=datapoint&dsn=warm-up!";
  private static final int EXPECTED_STATUS = 422;
  private static final int IN_FLIGHT = 8;
  private static final long MAX_NANOS = 20_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private final Vertx vertx;
  private final int requests;
  private final JwtIssuer issuer;

  Warmup(Vertx vertx, int requests, JwtIssuer issuer) {
    this.vertx = vertx;
    this.requests = requests;
    this.issuer = issuer;
  }

  /**
   * Runs the warm-up against a server that {@code deploy} starts on a loopback port (handing it to
   * the consumer) and that is undeployed afterwards. Never fails: a warm-up that goes wrong is
   * logged and the gateway starts as it would have without one.
   */
  Future<Void> run(Function<Consumer<HttpServer>, Future<String>> deploy) {
    if (requests <= 0) {
      return Future.succeededFuture();
    }
    long start = System.nanoTime();
    // no Ayla session, no models or devices; it never leaves this method
    String token = issuer.issue(SUBJECT, null, ScopeClaims.limitedTo(List.of(), List.of()));
    AtomicReference<HttpServer> server = new AtomicReference<>();
    return deploy.apply(server::set).compose(deployment -> {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setMetricsName(UnmeteredWarmup.CLIENT_NAME),
          new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
      return send(client, server.get().actualPort(), token)
          .eventually(client::close)
          .eventually(() -> vertx.undeploy(deployment));
    }).onSuccess(sent -> LOG.info("Warm-up: {} requests to itself in {} ms", sent, (System.nanoTime() - start) / 1_000_000))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("Warm-up stopped: {}", e.getMessage());
          return Future.succeededFuture();
        });
  }

  /** {@link #IN_FLIGHT} requests at a time, each on a new connection, until all are answered or time is up. */
  private Future<Integer> send(HttpClient client, int port, String token) {
    Sender sender = new Sender(client, port, token, System.nanoTime() + MAX_NANOS);
    for (int i = 0; i < Math.min(IN_FLIGHT, requests); i++) {
      sender.next();
    }
    return sender.finished.future();
  }

  private final class Sender {
    private final HttpClient client;
    private final int port;
    private final String authorization;
    private final long deadline;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final Promise<Integer> finished = Promise.promise();

    Sender(HttpClient client, int port, String token, long deadline) {
      this.client = client;
      this.port = port;
      this.authorization = "Bearer " + token;
      this.deadline = deadline;
    }

    void next() {
      started.incrementAndGet();
      client.request(HttpMethod.GET, port, HOST, REQUEST)
          .compose(request -> request.putHeader("Authorization", authorization).send())
          .compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(result -> {
            if (result.failed() || result.result() != EXPECTED_STATUS) {
              finished.tryFail(result.failed() ? result.cause().toString() : "answered " + result.result() + ", not " + EXPECTED_STATUS);
              return;
            }
            int count = answered.incrementAndGet();
            boolean more = started.get() < requests && System.nanoTime() < deadline;
            if (more) {
              next();
            } else if (count == started.get()) {
              finished.tryComplete(count);
            }
          });
    }
  }
}
