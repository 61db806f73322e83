package io.dssgateway.hub;

import io.dssgateway.common.HttpError;
import io.dssgateway.common.Position;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SSE event id: for each upstream subscription a connection reads, the last seq delivered,
 * as {@code <subscriptionId>:<seq>} pairs joined by commas. Opaque to clients. It resumes exactly,
 * stays valid across upstream reconnects (seq continues), and cannot be confused with an older
 * incarnation of the same stream: a recreated subscription has a new id.
 */
public final class Cursor {

  private static final int MAX_ENTRIES = EventTypes.ALL.size();
  private static final Pattern FORMAT =
      Pattern.compile("\\d{1,18}:\\d{1,18}(,\\d{1,18}:\\d{1,18}){0," + (MAX_ENTRIES - 1) + "}");

  private final Map<Long, Long> positions;

  private Cursor(Map<Long, Long> positions) {
    this.positions = positions;
  }

  public static Cursor empty() {
    return new Cursor(Map.of());
  }

  /** Parses a Last-Event-ID; null or blank means no cursor. Garbage is a 400. */
  public static Cursor parse(String text) {
    if (text == null || text.isBlank()) {
      return empty();
    }
    if (text.length() > 200 || !FORMAT.matcher(text).matches()) {
      throw HttpError.badRequest(
          "invalid_last_event_id", "Last-Event-ID is not a cursor this gateway issued");
    }
    Map<Long, Long> positions = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int colon = pair.indexOf(':');
      positions.put(
          Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
    }
    return new Cursor(Collections.unmodifiableMap(positions));
  }

  public boolean isEmpty() {
    return positions.isEmpty();
  }

  /** The seq delivered last for a subscription, or -1 when the cursor does not name it. */
  public long seqFor(long subscriptionId) {
    return positions.getOrDefault(subscriptionId, -1L);
  }

  public static String format(long[] subscriptionIds, long[] seqs) {
    StringBuilder sb = new StringBuilder(24 * subscriptionIds.length);
    for (int i = 0; i < subscriptionIds.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(subscriptionIds[i]).append(':').append(seqs[i]);
    }
    return sb.toString();
  }

  /** The cursor of a reader of several streams, one position each. */
  public static String format(Position[] positions) {
    StringBuilder sb = new StringBuilder(24 * positions.length);
    for (int i = 0; i < positions.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(positions[i].subscriptionId()).append(':').append(positions[i].lastSeq());
    }
    return sb.toString();
  }
}
