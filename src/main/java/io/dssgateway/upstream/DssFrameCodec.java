package io.dssgateway.upstream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Decodes DSS WebSocket text messages {@code <length>|<json>} (dss-protocol.md §2). The message
 * is split at the first {@code |} only, so a {@code |} inside the JSON is fine. The declared length
 * must match the JSON's UTF-8 byte length or its character count (Ayla does not say which; only
 * ASCII appears in its examples, where both agree). Only seq and the metadata fields are parsed,
 * with Jackson's streaming parser; the whole document is still checked to be one JSON object so
 * that nothing malformed is forwarded. Stateless and thread-safe.
 */
public final class DssFrameCodec {

  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_LENGTH_DIGITS = 9;

  private DssFrameCodec() {}

  public static DssFrame decode(String message) {
    int bar = message.indexOf('|');
    if (bar <= 0 || bar > MAX_LENGTH_DIGITS) {
      return new DssFrame.Malformed(bar < 0 ? "no length prefix" : "bad length prefix");
    }
    int declared = parseLength(message, bar);
    if (declared < 0) {
      return new DssFrame.Malformed("length is not a decimal number");
    }
    String payload = message.substring(bar + 1);
    if (payload.equals("Z")) {
      return declared == 1
          ? DssFrame.HEARTBEAT
          : new DssFrame.Malformed("heartbeat length mismatch");
    }
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    if (declared != bytes.length && declared != payload.length()) {
      return new DssFrame.Malformed(
          "declared length " + declared + " but JSON has " + bytes.length + " bytes");
    }
    return parseEvent(bytes);
  }

  private static int parseLength(String message, int end) {
    int value = 0;
    for (int i = 0; i < end; i++) {
      char c = message.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static DssFrame parseEvent(byte[] bytes) {
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new DssFrame.Malformed("payload is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("seq".equals(name)) {
          f.seq = parseSeq(p, value);
        } else if ("metadata".equals(name) && value == JsonToken.START_OBJECT) {
          readMetadata(p, f);
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        return new DssFrame.Malformed("trailing content after the JSON object");
      }
    } catch (IOException | NumberFormatException e) {
      return new DssFrame.Malformed("invalid JSON");
    }
    if (f.seq < 1) {
      return new DssFrame.Malformed("missing or invalid seq");
    }
    return new DssEvent(
        f.seq, f.eventType, f.oemModel, f.dsn, f.propertyName, Buffer.buffer(bytes));
  }

  /** seq is documented as a string holding a decimal counter; a JSON number is accepted too. */
  private static long parseSeq(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return Long.parseLong(p.getText());
    }
    if (value == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    p.skipChildren();
    return -1;
  }

  private static void readMetadata(JsonParser p, Fields f) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
      p.skipChildren();
      switch (name) {
        case "event_type" -> f.eventType = text;
        case "oem_model" -> f.oemModel = text;
        case "dsn" -> f.dsn = text;
        case "property_name" -> f.propertyName = text;
        default -> {}
      }
    }
  }

  private static final class Fields {
    long seq = -1;
    String eventType;
    String oemModel;
    String dsn;
    String propertyName;
  }
}
