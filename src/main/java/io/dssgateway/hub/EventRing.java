package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's replay buffer with its events packed in a {@link PackedRing}: an event's entry is its
 * subscription, arrival time and field lengths, its JSON, then the four fields filters match on; the
 * event the hub published is let go. A resume gets the events rebuilt (the JSON copied out, encoded
 * again by the stream's {@link EventFormat}); the first ones rebuilt stay with their entries for the
 * next resume (a crowd resuming from one cursor shares them), up to an eighth of the ring's bound
 * and at most {@link #MAX_KEPT_REBUILT} bytes, beside what the ring counts.
 */
final class EventRing {

  /** Rebuilds an event the hub published from what the ring kept of it. */
  interface Rebuild {
    HubEvent event(long subscriptionId, StreamEvent event, long receivedNanos);
  }

  /** An entry's head: subscription, arrival, and the lengths of the JSON and the four fields. */
  private static final int HEAD_BYTES = 2 * Long.BYTES + 5 * Integer.BYTES;

  /** Per event beside its JSON and fields. */
  static final int SLOT_BYTES = PackedRing.SLOT_BYTES + HEAD_BYTES;

  private static final int NULL = -1;

  /** The most bytes of rebuilt events a ring keeps for the next resume. */
  static final long MAX_KEPT_REBUILT = 1 << 20;

  /**
   * A rebuilt event's objects beside its bytes: two records, three buffers with their Netty byte
   * buffers, four strings (571 measured on JDK 17 with compressed references).
   */
  private static final int REBUILT_OVERHEAD = 576;

  private final PackedRing ring;
  private final long keptRebuilt;
  private final Rebuild rebuild;
  private final Buffer head = Buffer.buffer(HEAD_BYTES);
  private final String[] lastStrings = new String[2];
  private final byte[][] lastUtf8 = new byte[2][];
  private int nextLast;

  EventRing(int capacity, long maxBytes, ReplayBudget budget, Rebuild rebuild) {
    this.ring = new PackedRing(capacity, maxBytes, budget);
    this.keptRebuilt = Math.min(MAX_KEPT_REBUILT, maxBytes / 8);
    this.rebuild = rebuild;
  }

  /** Keeps an event newer than every one kept; an older or equal seq (a re-read) is not kept twice. */
  void add(HubEvent published) {
    StreamEvent e = published.event();
    if (ring.size() > 0 && e.seq() <= ring.newestSeq()) {
      return;
    }
    byte[] type = utf8(e.eventType());
    byte[] model = utf8(e.oemModel());
    byte[] dsn = utf8(e.dsn());
    byte[] property = utf8(e.propertyName());
    Buffer json = e.json();
    head.setLong(0, published.subscriptionId())
        .setLong(8, published.receivedNanos())
        .setInt(16, json.length())
        .setInt(20, lengthOf(type))
        .setInt(24, lengthOf(model))
        .setInt(28, lengthOf(dsn))
        .setInt(32, lengthOf(property));
    int length =
        HEAD_BYTES + json.length() + bytes(type) + bytes(model) + bytes(dsn) + bytes(property);
    ring.add(
        e.seq(),
        length,
        (bytes, at) -> {
          at = bytes.put(at, head);
          at = bytes.put(at, json);
          at = bytes.put(at, type);
          at = bytes.put(at, model);
          at = bytes.put(at, dsn);
          bytes.put(at, property);
        });
  }

  int size() {
    return ring.size();
  }

  /** The seq of the oldest event held, or -1 when empty. */
  long oldestSeq() {
    return ring.oldestSeq();
  }

  long bytes() {
    return ring.bytes();
  }

  void clear() {
    ring.clear();
  }

  /** The stream is gone: its events leave the budget with it. */
  void release() {
    ring.release();
  }

  int trimTo(long level) {
    return ring.trimTo(level);
  }

  /**
   * The events with seq greater than {@code afterSeq}. When the oldest held event is more than one
   * past it (older ones evicted, or never seen by this gateway), the replay says so.
   */
  Replay after(long afterSeq) {
    if (ring.size() == 0) {
      return new Replay(List.of(), false, 0, 0);
    }
    long oldest = ring.oldestSeq();
    return new Replay(
        events(ring.firstAfter(afterSeq)), oldest > afterSeq + 1, afterSeq + 1, oldest - 1);
  }

  /** The newest {@code n} events at most, oldest first. */
  List<HubEvent> last(int n) {
    return events(ring.size() - Math.min(n, ring.size()));
  }

  private List<HubEvent> events(int from) {
    List<HubEvent> out = new ArrayList<>(ring.size() - from);
    for (int i = from; i < ring.size(); i++) {
      out.add(event(i));
    }
    return out;
  }

  /** Each event kept, oldest first, as the upstream gave it: decoded, not encoded for a browser. */
  void forEachEvent(java.util.function.Consumer<StreamEvent> each) {
    for (int i = 0; i < ring.size(); i++) {
      each.accept(streamEvent(i, Buffer.buffer(ring.entry(i))));
    }
  }

  private HubEvent event(int i) {
    if (ring.carried(i) instanceof HubEvent kept) {
      return kept;
    }
    Buffer entry = Buffer.buffer(ring.entry(i));
    HubEvent rebuilt = rebuild.event(entry.getLong(0), streamEvent(i, entry), entry.getLong(8));
    int cost =
        REBUILT_OVERHEAD
            + entry.length()
            - HEAD_BYTES
            + rebuilt.body().length()
            + rebuilt.position().length();
    if (ring.carriedBytes() + cost <= keptRebuilt) {
      ring.carry(i, rebuilt, cost);
    }
    return rebuilt;
  }

  /** What the rebuilt events kept for the next resume take. */
  long keptRebuiltBytes() {
    return ring.carriedBytes();
  }

  private StreamEvent streamEvent(int i, Buffer entry) {
    int at = HEAD_BYTES + entry.getInt(16);
    Buffer json = entry.getBuffer(HEAD_BYTES, at);
    String[] fields = new String[4];
    for (int f = 0; f < 4; f++) {
      int n = entry.getInt(20 + 4 * f);
      if (n != NULL) {
        fields[f] = entry.getString(at, at + n, StandardCharsets.UTF_8.name());
        at += n;
      }
    }
    return new StreamEvent(ring.seq(i), fields[0], fields[1], fields[2], fields[3], json);
  }

  /** The UTF-8 of a field; the same array for the same string while it keeps coming (a stream's type and model). */
  private byte[] utf8(String s) {
    if (s == null) {
      return null;
    }
    for (int i = 0; i < lastStrings.length; i++) {
      if (s.equals(lastStrings[i])) {
        return lastUtf8[i];
      }
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    lastStrings[nextLast] = s;
    lastUtf8[nextLast] = b;
    nextLast = (nextLast + 1) % lastStrings.length;
    return b;
  }

  private static int bytes(byte[] b) {
    return b == null ? 0 : b.length;
  }

  private static int lengthOf(byte[] b) {
    return b == null ? NULL : b.length;
  }
}
