package io.dssgateway.history;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * One page of {@code GET /api/history}, validated: the types, models, DSNs and properties wanted
 * (empty = any), the time range {@code [fromMillis, toMillis)}, the page size, and where the
 * previous page ended (null for the first).
 */
public record HistoryQuery(
    Set<String> types,
    Set<String> oemModels,
    Set<String> dsns,
    Set<String> properties,
    long fromMillis,
    long toMillis,
    int limit,
    Position after) {

  /** Where a page ended: the sort key of its last event (event time, then subscription and seq). */
  public record Position(long eventTime, long subscriptionId, long seq) {

    private static final String PREFIX = "h1.";

    /** The opaque {@code next} cursor of a page. */
    public String encode() {
      String text = PREFIX + eventTime + "." + subscriptionId + "." + seq;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads a cursor made by {@link #encode}; anything else is an {@link IllegalArgumentException}. */
    public static Position decode(String cursor) {
      if (cursor.length() > 100) {
        throw new IllegalArgumentException("too long");
      }
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      String[] parts =
          text.startsWith(PREFIX) ? text.substring(PREFIX.length()).split("\\.") : new String[0];
      if (parts.length != 3) {
        throw new IllegalArgumentException("not a history cursor");
      }
      return new Position(
          Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
    }
  }

  /** The same query narrowed to the DSNs a caller may read (per-user mode). */
  public HistoryQuery withDsns(Set<String> allowed) {
    return new HistoryQuery(
        types, oemModels, allowed, properties, fromMillis, toMillis, limit, after);
  }
}
