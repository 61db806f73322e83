package io.dssgateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test-side DSS client socket: every text message queued; optionally answers heartbeats with Z. */
final class DssSocket {

  final ClientWebSocket ws;
  private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Short> closed = new CompletableFuture<>();
  volatile boolean answerHeartbeats = true;

  /** Handlers are set before the connect so that nothing sent right after the upgrade is missed. */
  DssSocket(ClientWebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(
        text -> {
          if (answerHeartbeats && text.equals("1|Z")) {
            ws.writeTextMessage("Z");
          }
          messages.add(text);
        });
    ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
  }

  /** The next raw message (event, heartbeat or anything else). */
  String nextRaw() {
    try {
      String m = messages.poll(5, TimeUnit.SECONDS);
      if (m == null) {
        fail("no message within 5 s");
      }
      return m;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next event (heartbeats skipped), checking the length prefix against the JSON text. */
  JsonObject nextEvent() {
    String m;
    do {
      m = nextRaw();
    } while (m.equals("1|Z"));
    return parse(m);
  }

  static JsonObject parse(String frame) {
    int bar = frame.indexOf('|');
    assertThat(bar).as("frame has a bar: " + frame).isPositive();
    String json = frame.substring(bar + 1);
    int length = Integer.parseInt(frame.substring(0, bar));
    assertThat(length)
        .as("length prefix = UTF-8 bytes of the JSON text")
        .isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    assertThat(length).as("length prefix = characters of the JSON text").isEqualTo(json.length());
    return new JsonObject(json);
  }

  /** Nothing but heartbeats is queued right now. */
  boolean noEventQueued() {
    return messages.stream().allMatch("1|Z"::equals);
  }

  short awaitClose() {
    try {
      return closed.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within 5 s", e);
    }
  }

  void close() {
    ws.close().await();
  }
}
