package io.dssgateway.sse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 GET over a raw socket that keeps the response's chunk framing: every chunk the
 * server wrote is one entry, however TCP split or joined them. So a test sees how many writes a
 * stream took, not just the bytes. Waits complete on arrival (no polling).
 */
final class ChunkedReader {

  private final NetSocket socket;
  private Buffer in = Buffer.buffer();
  private boolean headDone;
  private boolean chunked;
  private int contentLength = -1;
  private int status;
  private final Map<String, String> headers = new HashMap<>();
  private final List<String> chunks = new ArrayList<>();
  private String body;
  private boolean ended;
  private boolean closed;
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(Predicate<ChunkedReader> condition, Promise<Void> promise) {}

  private ChunkedReader(NetSocket socket) {
    this.socket = socket;
  }

  /**
   * Sends {@code GET path} with the headers; completes once the request is written. The caller
   * keeps {@code client} referenced: Vert.x closes an unreachable client's sockets when it is collected.
   */
  static Future<ChunkedReader> get(
      NetClient client, int port, String path, Map<String, String> headers) {
    return client
        .connect(port, "127.0.0.1")
        .compose(
            so -> {
              ChunkedReader reader = new ChunkedReader(so);
              so.handler(reader::received);
              so.closeHandler(v -> reader.closed());
              StringBuilder request =
                  new StringBuilder(
                      "GET "
                          + path
                          + " HTTP/1.1\r\nHost: 127.0.0.1:"
                          + port
                          + "\r\nAccept: text/event-stream\r\n");
              headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
              return so.write(request.append("\r\n").toString()).map(reader);
            });
  }

  synchronized int status() {
    return status;
  }

  synchronized String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The chunks so far, each as the server wrote it. */
  synchronized List<String> chunks() {
    return List.copyOf(chunks);
  }

  synchronized String text() {
    return String.join("", chunks);
  }

  /** A response that was not chunked (e.g. a JSON error), once complete. */
  synchronized String body() {
    return body;
  }

  /** The response is complete (last chunk, or the whole body, arrived). */
  synchronized boolean ended() {
    return ended;
  }

  Future<Void> untilChunks(int n) {
    return until(r -> r.chunks.size() >= n);
  }

  Future<Void> untilEnded() {
    return until(r -> r.ended);
  }

  Future<Void> untilHead() {
    return until(r -> r.headDone);
  }

  synchronized Future<Void> until(Predicate<ChunkedReader> condition) {
    Promise<Void> p = Promise.promise();
    if (condition.test(this)) {
      p.complete();
    } else if (closed) {
      p.fail(new AssertionError("connection closed; chunks so far " + chunks + ", body " + body));
    } else {
      waiters.add(new Waiter(condition, p));
    }
    return p.future();
  }

  Future<Void> close() {
    return socket.close();
  }

  private synchronized void received(Buffer data) {
    in.appendBuffer(data);
    parse();
    check();
  }

  private synchronized void closed() {
    closed = true;
    check();
    waiters.forEach(
        w ->
            w.promise.tryFail(
                new AssertionError(
                    "connection closed; chunks so far " + chunks + ", body " + body)));
    waiters.clear();
  }

  private void parse() {
    if (!headDone) {
      String s = in.toString(StandardCharsets.ISO_8859_1);
      int end = s.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      String[] lines = s.substring(0, end).split("\r\n");
      status = Integer.parseInt(lines[0].split(" ")[1]);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      headDone = true;
      chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
      if (!chunked) {
        contentLength = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      }
      in = in.getBuffer(end + 4, in.length());
    }
    if (!chunked) {
      if (!ended && in.length() >= contentLength) {
        body = in.getString(0, contentLength, "UTF-8");
        ended = true;
      }
      return;
    }
    while (!ended) {
      String s = in.toString(StandardCharsets.ISO_8859_1);
      int crlf = s.indexOf("\r\n");
      if (crlf < 0) {
        return;
      }
      String sizeLine = s.substring(0, crlf);
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (in.length() < crlf + 2 + size + 2) {
        return;
      }
      if (size == 0) {
        ended = true;
      } else {
        chunks.add(in.getString(crlf + 2, crlf + 2 + size, "UTF-8"));
      }
      in = in.getBuffer(crlf + 2 + size + 2, in.length());
    }
  }

  private void check() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.condition.test(this)) {
        it.remove();
        w.promise.complete();
      }
    }
  }
}
