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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
  private static final Duration MAX_DURATION = Duration.ofSeconds(20);

  /** The token outlives the warm-up by a margin, no more. */
  private static final Duration TOKEN_TTL = MAX_DURATION.plusSeconds(40);

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  private final Vertx vertx;
  private final int requests;
  private final int inFlight;
  private final Supplier<String> token;
  private final Duration maxDuration;

  /**
   * @param connectionsPerAddress {@code http.max-connections-per-address} (0 = no cap): the warm-up
   *     keeps at most that many connections open, so the gateway's own cap does not refuse it
   * @param token a credential the gateway accepts ({@link #token}), asked for only if the warm-up runs
   */
  Warmup(Vertx vertx, int requests, int connectionsPerAddress, Supplier<String> token) {
    this(vertx, requests, connectionsPerAddress, token, MAX_DURATION);
  }

  Warmup(
      Vertx vertx,
      int requests,
      int connectionsPerAddress,
      Supplier<String> token,
      Duration maxDuration) {
    this.vertx = vertx;
    this.requests = requests;
    this.inFlight =
        connectionsPerAddress > 0 ? Math.min(IN_FLIGHT, connectionsPerAddress) : IN_FLIGHT;
    this.token = token;
    this.maxDuration = maxDuration;
  }

  /**
   * A gateway token for the warm-up's requests: no Ayla session, no models, no devices, valid a
   * minute; it is sent only to the warm-up's loopback port and dropped when the warm-up ends.
   */
  static String token(JwtIssuer issuer) {
    return issuer.issue(SUBJECT, null, ScopeClaims.limitedTo(List.of(), List.of()), TOKEN_TTL);
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
    String credential;
    try {
      credential = token.get();
    } catch (RuntimeException e) {
      LOG.warn("Warm-up skipped: no token ({})", e.toString());
      return Future.succeededFuture();
    }
    AtomicReference<HttpServer> server = new AtomicReference<>();
    return deploy
        .apply(server::set)
        .compose(
            deployment -> {
              HttpClient client =
                  vertx.createHttpClient(
                      new HttpClientOptions()
                          .setKeepAlive(false)
                          .setMetricsName(UnmeteredWarmup.CLIENT_NAME),
                      new PoolOptions().setHttp1MaxSize(inFlight));
              Sender sender =
                  new Sender(
                      client, server.get().actualPort(), credential, start + maxDuration.toNanos());
              for (int i = 0; i < Math.min(inFlight, requests); i++) {
                sender.next();
              }
              // a request that never gets an answer must not hold the start: past twice the time,
              // it is abandoned
              return sender
                  .finished
                  .future()
                  .timeout(2 * maxDuration.toMillis(), TimeUnit.MILLISECONDS)
                  .eventually(client::close)
                  .eventually(() -> vertx.undeploy(deployment));
            })
        .onSuccess(
            sent ->
                LOG.info(
                    "Warm-up: {} requests to itself in {} ms",
                    sent,
                    (System.nanoTime() - start) / 1_000_000))
        .<Void>mapEmpty()
        .recover(
            e -> {
              LOG.warn("Warm-up stopped: {}", e.getMessage());
              return Future.succeededFuture();
            });
  }

  /** Keeps {@code inFlight} requests open, each on a new connection, until all are answered or time is up. */
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
      client
          .request(HttpMethod.GET, port, HOST, REQUEST)
          .compose(request -> request.putHeader("Authorization", authorization).send())
          .compose(response -> response.body().map(body -> response.statusCode()))
          .onComplete(
              result -> {
                if (result.failed() || result.result() != EXPECTED_STATUS) {
                  finished.tryFail(
                      result.failed()
                          ? result.cause().toString()
                          : "answered " + result.result() + ", not " + EXPECTED_STATUS);
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
