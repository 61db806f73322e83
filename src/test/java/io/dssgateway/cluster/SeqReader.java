package io.dssgateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A browser that keeps only what the cluster tests check: the seqs of one stream's events, in
 * arrival order, whether each was exactly the next one, and the last id. When its stream ends
 * (a replica died or drained) it reconnects where {@code next} says, with {@code Last-Event-ID}.
 */
final class SeqReader {

  /** Where to (re)connect: a port and the token valid there. */
  record Target(int port, String token) {}

  private final io.vertx.core.Vertx vertx;
  private final HttpClient client;
  private final String path;
  private final Supplier<Target> next;
  private final StringBuilder pending = new StringBuilder();
  private volatile boolean closed;
  private String id;
  private String type;
  private volatile String lastId;
  private volatile long lastSeq;
  private volatile long firstSeq;
  private volatile long count;
  private volatile long violations;
  private volatile int reconnects;
  private volatile int gaps;
  private final List<String> problems = new ArrayList<>();
  private HttpClientResponse response;

  SeqReader(io.vertx.core.Vertx vertx, HttpClient client, String path, Supplier<Target> next) {
    this.vertx = vertx;
    this.client = client;
    this.path = path;
    this.next = next;
  }

  /** Opens the first connection; completes once the stream is open (200). */
  Future<SeqReader> open() {
    Target t = next.get();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(t.port())
            .setURI(path)
            .putHeader("Authorization", "Bearer " + t.token());
    if (lastId != null) {
      options.putHeader("Last-Event-ID", lastId);
    }
    Promise<SeqReader> opened = Promise.promise();
    client
        .request(options)
        .compose(req -> req.send())
        .onComplete(
            ar -> {
              if (ar.failed() || ar.result().statusCode() != 200) {
                opened.fail(
                    ar.failed() ? ar.cause().toString() : "status " + ar.result().statusCode());
                return;
              }
              HttpClientResponse res = ar.result();
              synchronized (this) {
                response = res;
              }
              java.util.concurrent.atomic.AtomicBoolean over =
                  new java.util.concurrent.atomic.AtomicBoolean();
              res.handler(this::onChunk);
              res.endHandler(
                  v -> {
                    if (over.compareAndSet(false, true)) {
                      ended();
                    }
                  });
              res.exceptionHandler(
                  err -> { // the connection died under the stream (kill -9 of its replica)
                    if (over.compareAndSet(false, true)) {
                      ended();
                    }
                  });
              opened.complete(this);
            });
    return opened.future();
  }

  private void ended() {
    if (closed) {
      return;
    }
    reconnects++;
    retry(300);
  }

  private void retry(int attempts) {
    open()
        .onFailure(
            err -> {
              if (attempts > 0 && !closed) {
                vertx.setTimer(200, id -> retry(attempts - 1));
              }
            });
  }

  private synchronized void onChunk(Buffer chunk) {
    pending.append(chunk.toString());
    int nl;
    while ((nl = pending.indexOf("\n")) >= 0) {
      String line = pending.substring(0, nl);
      pending.delete(0, nl + 1);
      if (line.isEmpty()) {
        dispatch();
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        type = line.substring(7);
      }
    }
  }

  private void dispatch() {
    if ("gap".equals(type)) {
      gaps++;
      problems.add("gap at " + id);
    } else if (type != null && id != null && !"shutdown".equals(type) && !"expired".equals(type)) {
      long seq = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
      if (lastSeq == 0) {
        firstSeq = seq; // a browser without a cursor starts with what happens after it connected
      }
      if (lastSeq != 0 && seq != lastSeq + 1) {
        violations++;
        if (problems.size() < 20) {
          problems.add("after " + lastSeq + " came " + seq);
        }
      }
      lastSeq = seq;
      count++;
    }
    if (id != null) {
      lastId = id;
    }
    id = null;
    type = null;
  }

  long lastSeq() {
    return lastSeq;
  }

  long firstSeq() {
    return firstSeq;
  }

  long count() {
    return count;
  }

  long violations() {
    return violations;
  }

  int gaps() {
    return gaps;
  }

  int reconnects() {
    return reconnects;
  }

  synchronized List<String> problems() {
    return new ArrayList<>(problems);
  }

  void close() {
    closed = true;
    HttpClientResponse r;
    synchronized (this) {
      r = response;
    }
    if (r != null) {
      r.request().connection().close();
    }
  }

  @Override
  public String toString() {
    return "reader[first "
        + firstSeq
        + ", last "
        + lastSeq
        + ", count "
        + count
        + ", reconnects "
        + reconnects
        + ", gaps "
        + gaps
        + ", violations "
        + violations
        + ", id "
        + lastId
        + ", problems "
        + problems()
        + "]";
  }
}
