package io.dssgateway.gateway;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real SSE reader over a Vert.x {@link HttpClient}: parses the stream as a browser's
 * EventSource would (id, event, data, retry, comments) and lets a test thread wait for a
 * condition on what arrived, completed by the arrival itself (no polling).
 */
final class SseClient {

  /** One dispatched event. */
  record Event(String id, String type, String data) {
    JsonObject json() {
      return new JsonObject(data);
    }

    /** The DSS seq in the data (unchanged DSS JSON). */
    long seq() {
      return Long.parseLong(String.valueOf(json().getValue("seq")));
    }

    /** The datapoint value, for datapoint events. */
    Object value() {
      return json().getJsonObject("datapoint").getValue("value");
    }
  }

  private final HttpClientRequest request;
  private final HttpClientResponse response;
  private final List<Event> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final List<Long> retries = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final StringBuilder body = new StringBuilder();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private String lastEventId;
  private String pendingId;
  private String pendingType;
  private StringBuilder pendingData;
  private int consumed;

  private record Waiter(Predicate<SseClient> condition, CompletableFuture<Void> done) {}

  private SseClient(HttpClientRequest request, HttpClientResponse response) {
    this.request = request;
    this.response = response;
    response.handler(this::onChunk);
    response.endHandler(v -> finish());
    response.exceptionHandler(err -> finish());
    request.connection().closeHandler(v -> finish());
  }

  /** Opens {@code GET path} with the given headers; completes when the response head arrived. */
  static Future<SseClient> open(
      HttpClient client, int port, String path, Map<String, String> headers) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(path);
    headers.forEach(options::addHeader);
    return client.request(options).compose(req -> req.send().map(resp -> new SseClient(req, resp)));
  }

  int status() {
    return response.statusCode();
  }

  MultiMap headers() {
    return response.headers();
  }

  HttpVersion version() {
    return response.version();
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<Event> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  synchronized List<String> comments() {
    return List.copyOf(comments);
  }

  synchronized List<Long> retries() {
    return List.copyOf(retries);
  }

  synchronized String lastEventId() {
    return lastEventId;
  }

  /** The raw body so far (for error responses and wire-format checks). */
  synchronized String body() {
    return body.toString();
  }

  boolean hasEnded() {
    return ended.isDone();
  }

  /** Blocks the test thread until the condition holds (checked on every arrival). */
  SseClient await(Predicate<SseClient> condition, Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (condition.test(this)) {
        return this;
      }
      waiters.add(new Waiter(condition, done));
    }
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return this;
    } catch (Exception e) {
      throw new AssertionError(
          "SSE condition not met within "
              + timeout
              + "; got "
              + events().size()
              + " events, ended="
              + hasEnded()
              + ", tail: "
              + tail(),
          e);
    }
  }

  SseClient awaitEvents(String type, int count) {
    return await(c -> c.countOf(type) >= count, Duration.ofSeconds(20));
  }

  SseClient awaitEnd(Duration timeout) {
    try {
      ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return this;
    } catch (Exception e) {
      throw new AssertionError("stream did not end within " + timeout + "; tail: " + tail(), e);
    }
  }

  synchronized int countOf(String type) {
    int n = 0;
    for (Event e : events) {
      if (e.type().equals(type)) {
        n++;
      }
    }
    return n;
  }

  void pause() {
    response.pause();
  }

  void resume() {
    response.resume();
  }

  /** Closes the connection (HTTP/1.1) or resets the stream (HTTP/2), as a browser leaving does. */
  Future<Void> close() {
    if (response.version() == HttpVersion.HTTP_2) {
      return request.reset();
    }
    return request.connection().close();
  }

  private synchronized String tail() {
    return body.length() > 400 ? body.substring(body.length() - 400) : body.toString();
  }

  private void onChunk(Buffer chunk) {
    List<CompletableFuture<Void>> fire;
    synchronized (this) {
      body.append(chunk.toString(StandardCharsets.UTF_8));
      parseLines();
      fire = ready();
    }
    fire.forEach(f -> f.complete(null));
  }

  private void finish() {
    List<CompletableFuture<Void>> fire;
    synchronized (this) {
      fire = ready();
    }
    fire.forEach(f -> f.complete(null));
    ended.complete(null);
  }

  private List<CompletableFuture<Void>> ready() {
    List<CompletableFuture<Void>> fire = new ArrayList<>();
    waiters.removeIf(
        w -> {
          if (w.condition().test(this)) {
            fire.add(w.done());
            return true;
          }
          return false;
        });
    return fire;
  }

  /** The EventSource parsing rules, for the LF line endings the gateway writes. */
  private void parseLines() {
    int nl;
    while ((nl = body.indexOf("\n", consumed)) >= 0) {
      String line = body.substring(consumed, nl);
      consumed = nl + 1;
      if (line.isEmpty()) {
        dispatch();
      } else if (line.startsWith(":")) {
        comments.add(line.substring(1).trim());
      } else {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        switch (field) {
          case "id" -> pendingId = value;
          case "event" -> pendingType = value;
          case "data" ->
              pendingData =
                  pendingData == null
                      ? new StringBuilder(value)
                      : pendingData.append('\n').append(value);
          case "retry" -> retries.add(Long.parseLong(value));
          default -> {}
        }
      }
    }
  }

  private void dispatch() {
    if (pendingId != null) {
      lastEventId = pendingId;
    }
    if (pendingData != null) {
      events.add(
          new Event(
              lastEventId, pendingType == null ? "message" : pendingType, pendingData.toString()));
    }
    pendingId = null;
    pendingType = null;
    pendingData = null;
  }
}
