package io.dssgateway.cluster;

import io.dssgateway.hub.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An event as it crosses the event bus between replicas: its subscription id, seq, the routing
 * fields and the DSS JSON as received, in one compact binary frame. Several frames concatenate
 * into one replay answer.
 */
final class BusEvent {

  record Decoded(long subscriptionId, StreamEvent event) {}

  private BusEvent() {}

  static Buffer encode(long subscriptionId, StreamEvent e) {
    Buffer out = Buffer.buffer(64 + e.json().length());
    out.appendLong(subscriptionId).appendLong(e.seq());
    string(out, e.eventType());
    string(out, e.oemModel());
    string(out, e.dsn());
    string(out, e.propertyName());
    return out.appendInt(e.json().length()).appendBuffer(e.json());
  }

  static Decoded decode(Buffer in) {
    return decodeAt(in, new int[] {0});
  }

  /** Every frame of a concatenation, in order. */
  static List<Decoded> decodeAll(Buffer in) {
    List<Decoded> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < in.length()) {
      out.add(decodeAt(in, pos));
    }
    return out;
  }

  private static Decoded decodeAt(Buffer in, int[] pos) {
    long subscriptionId = in.getLong(pos[0]);
    long seq = in.getLong(pos[0] + 8);
    pos[0] += 16;
    String type = string(in, pos);
    String model = string(in, pos);
    String dsn = string(in, pos);
    String property = string(in, pos);
    int length = in.getInt(pos[0]);
    Buffer json = in.slice(pos[0] + 4, pos[0] + 4 + length);
    pos[0] += 4 + length;
    return new Decoded(subscriptionId, new StreamEvent(seq, type, model, dsn, property, json));
  }

  private static void string(Buffer out, String s) {
    if (s == null) {
      out.appendShort((short) -1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.appendShort((short) bytes.length).appendBytes(bytes);
  }

  private static String string(Buffer in, int[] pos) {
    short length = in.getShort(pos[0]);
    pos[0] += 2;
    if (length < 0) {
      return null;
    }
    String s = in.getString(pos[0], pos[0] + length, "UTF-8");
    pos[0] += length;
    return s;
  }
}
