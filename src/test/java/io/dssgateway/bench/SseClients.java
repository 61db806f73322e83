package io.dssgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Many {@code GET /events} connections from one Vert.x HttpClient. The SSE parsing is minimal on
 * purpose (the client shares the gateway's two cores): it counts each {@code "value":<digits>}
 * as one delivered event and records now minus that value (the send time, epoch micros).
 */
final class SseClients {

  private static final byte[] VALUE = "\"value\":".getBytes();

  private final Vertx vertx;
  private final HttpClient client;
  private final int port;
  private final List<String> tokens;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final Recorder latencyMicros = new Recorder(3);
  // appended from the client's event loops as streams open (a copy-on-write list would copy 10,000
  // times)
  private final List<HttpConnection> connections = Collections.synchronizedList(new ArrayList<>());

  /** Connection {@code i} presents {@code tokens.get(i % tokens.size())}. */
  SseClients(Vertx vertx, int port, List<String> tokens, int connections) {
    this.vertx = vertx;
    this.port = port;
    this.tokens = tokens;
    this.client =
        vertx
            .httpClientBuilder()
            .with(
                new HttpClientOptions()
                    .setDefaultHost("127.0.0.1")
                    .setDefaultPort(port)
                    .setKeepAlive(true)
                    .setConnectTimeout(30_000))
            .with(
                new PoolOptions()
                    .setHttp1MaxSize(connections + 16)
                    .setEventLoopSize(Math.max(1, Runtime.getRuntime().availableProcessors())))
            .build();
  }

  /**
   * Opens {@code count} streams, at most {@code inFlight} handshakes at a time, spreading them
   * over {@code uris}; completes when every one answered 200 (the hub joined it).
   */
  Future<Void> open(int count, List<String> uris, int inFlight) {
    Promise<Void> all = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Runnable[] launch = new Runnable[1];
    launch[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i >= count) {
            return;
          }
          openOne(uris.get(i % uris.size()), tokens.get(i % tokens.size()))
              .onComplete(
                  ar -> {
                    if (ar.failed()) {
                      all.tryFail(ar.cause());
                      return;
                    }
                    if (answered.incrementAndGet() == count) {
                      all.tryComplete();
                    }
                    launch[0].run();
                  });
        };
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < Math.min(inFlight, count); i++) {
            launch[0].run();
          }
        });
    return all.future();
  }

  private Future<Void> openOne(String uri, String token) {
    return client
        .request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setURI(uri)
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Accept", "text/event-stream"))
        .compose(req -> req.send())
        .compose(
            resp -> {
              if (resp.statusCode() != 200) {
                return resp.body()
                    .compose(
                        b ->
                            Future.failedFuture(
                                "GET " + uri + " answered " + resp.statusCode() + ": " + b));
              }
              Parser parser = new Parser();
              resp.handler(parser::feed);
              resp.endHandler(v -> ended.incrementAndGet());
              resp.exceptionHandler(e -> ended.incrementAndGet());
              connections.add(resp.request().connection());
              open.incrementAndGet();
              return Future.succeededFuture();
            });
  }

  long delivered() {
    return delivered.sum();
  }

  long bytes() {
    return bytes.sum();
  }

  int openCount() {
    return open.get();
  }

  int endedCount() {
    return ended.get();
  }

  /** The latencies recorded since the last call. */
  org.HdrHistogram.Histogram takeLatencies() {
    return latencyMicros.getIntervalHistogram();
  }

  /** Closes all but {@code keep} streams (the first opened stay); completes when they are closed here. */
  Future<Void> keepOnly(int keep) {
    List<HttpConnection> leaving;
    synchronized (connections) {
      List<HttpConnection> tail =
          connections.subList(Math.min(keep, connections.size()), connections.size());
      leaving = new ArrayList<>(tail);
      tail.clear();
    }
    return Future.all(leaving.stream().map(HttpConnection::close).toList()).mapEmpty();
  }

  int remaining() {
    return connections.size();
  }

  Future<Void> close() {
    return client.close();
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Per connection, on its event loop: a matcher for {@code "value":} and the digits after it. */
  private final class Parser {
    private int matched;
    private boolean inDigits;
    private long value;

    void feed(Buffer buffer) {
      long now = -1;
      int n = buffer.length();
      bytes.add(n);
      int events = 0;
      for (int i = 0; i < n; i++) {
        byte b = buffer.getByte(i);
        if (inDigits) {
          if (b >= '0' && b <= '9') {
            value = value * 10 + (b - '0');
            continue;
          }
          inDigits = false;
          if (now < 0) {
            now = nowMicros();
          }
          latencyMicros.recordValue(Math.max(0, now - value));
          events++;
        }
        if (b == VALUE[matched]) {
          if (++matched == VALUE.length) {
            matched = 0;
            inDigits = true;
            value = 0;
          }
        } else {
          matched = b == VALUE[0] ? 1 : 0;
        }
      }
      if (events > 0) {
        delivered.add(events);
      }
    }
  }
}
