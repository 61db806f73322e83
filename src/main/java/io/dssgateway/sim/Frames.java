package io.dssgateway.sim;

import io.vertx.core.json.JsonObject;

/**
 * The DSS wire format: {@code <length>|<json>}. Ayla's docs say the length is "the length of the
 * JSON text" without saying characters or bytes; the simulator escapes every non-ASCII character
 * as {@code \\uXXXX} (still the same JSON value) so the text is pure ASCII and its length in UTF-8
 * bytes, in UTF-16 code units and in code points is one number: a client counting either way agrees.
 */
final class Frames {

  static final String HEARTBEAT = "1|Z";

  private Frames() {}

  static String event(JsonObject json) {
    String text = asciiJson(json);
    return text.length() + "|" + text;
  }

  /** The JSON text with non-ASCII characters escaped; its length equals its UTF-8 byte count. */
  static String asciiJson(JsonObject json) {
    String raw = json.encode();
    StringBuilder out = null;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x80) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
      }
      out.append(String.format("\\u%04x", (int) c));
    }
    return out == null ? raw : out.toString();
  }

  /** Malformed frames for the garbage fault: wrong length, no bar, not JSON after the bar, empty. */
  static String garbage(int i) {
    return switch (i % 4) {
      case 0 -> "999|{\"seq\":\"0\"}";
      case 1 -> "no bar in this frame";
      case 2 -> "8|not json";
      default -> "";
    };
  }
}
