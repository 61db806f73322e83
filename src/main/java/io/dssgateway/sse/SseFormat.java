package io.dssgateway.sse;

import io.vertx.core.buffer.Buffer;

/**
 * The Server-Sent Events wire format. Multi-line data is split into several {@code data:} lines
 * (the client joins them with LF, so the payload arrives unchanged); ids and event names never
 * contain CR, LF or NUL.
 */
public final class SseFormat {

  public static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

  private SseFormat() {}

  /** {@code event: <name>\ndata: <json>\n\n} */
  public static Buffer eventBody(String name, Buffer json) {
    checkToken(name);
    Buffer out = Buffer.buffer(json.length() + name.length() + 16);
    out.appendString("event: ").appendString(name).appendString("\ndata: ");
    appendData(out, json);
    return out.appendString("\n\n");
  }

  public static Buffer idLine(String id) {
    checkToken(id);
    return Buffer.buffer(id.length() + 5).appendString("id: ").appendString(id).appendString("\n");
  }

  public static Buffer retry(long millis) {
    return Buffer.buffer("retry: " + millis + "\n\n");
  }

  public static Buffer comment(String text) {
    checkToken(text);
    return Buffer.buffer(": " + text + "\n\n");
  }

  /** A whole event with an id; for the rare, unshared events (gap, expiry). */
  public static Buffer event(String id, String name, String json) {
    Buffer body = eventBody(name, Buffer.buffer(json));
    return id == null ? body : idLine(id).appendBuffer(body);
  }

  private static void appendData(Buffer out, Buffer json) {
    byte[] bytes = json.getBytes();
    int lineStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\n' || b == '\r') {
        out.appendBytes(bytes, lineStart, i - lineStart).appendString("\ndata: ");
        if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
        lineStart = i + 1;
      }
    }
    out.appendBytes(bytes, lineStart, bytes.length - lineStart);
  }

  private static void checkToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == 0) {
        throw new IllegalArgumentException(
            "CR, LF and NUL are not allowed in SSE ids, names and comments");
      }
    }
  }

  /** {@code event: upstream}: the socket behind a stream dropped or is live again (no id: it moves no cursor). */
  static Buffer upstream(String eventType, boolean live, long sinceMillis) {
    return event(
        null,
        "upstream",
        new io.vertx.core.json.JsonObject()
            .put("subscription_type", eventType)
            .put("state", live ? "live" : "reconnecting")
            .put("since", java.time.Instant.ofEpochMilli(sinceMillis).toString())
            .encode());
  }
}
