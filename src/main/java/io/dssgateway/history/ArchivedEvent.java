package io.dssgateway.history;

import io.dssgateway.hub.StreamEvent;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * One collected event on its way to storage: the stream it came from (canonical key), its
 * subscription and seq (together its identity: the unique key), the event as received, and the
 * time the event itself states (the time queries select on; the time received when it states none).
 * {@code lostBefore}: the seqs just before it that the upstream skipped (null when none), stored with
 * it, so the progress it makes never passes a hole that is not on record.
 */
record ArchivedEvent(
    String stream,
    long subscriptionId,
    StreamEvent event,
    long eventTimeMillis,
    LostSeqs lostBefore) {

  /** Bytes it holds in memory, roughly: the JSON and the fields around it. */
  long bytes() {
    return event.json().length() + 160L;
  }

  long seq() {
    return event.seq();
  }

  static ArchivedEvent of(String stream, long subscriptionId, StreamEvent event) {
    return of(stream, subscriptionId, event, null);
  }

  static ArchivedEvent of(
      String stream, long subscriptionId, StreamEvent event, LostSeqs lostBefore) {
    return new ArchivedEvent(stream, subscriptionId, event, eventTime(event), lostBefore);
  }

  /**
   * The event's own time: connectivity {@code event_time}; datapoints, location and registration
   * their creation. Read by a scan for the key, not a JSON parse: it runs on the hub's event loop
   * for every collected event (the keys occur once in the DSS shapes of dss-protocol.md section 3).
   */
  static long eventTime(StreamEvent event) {
    String json = event.json().toString();
    String text =
        switch (event.eventType()) {
          case "connectivity" -> value(json, "\"event_time\"");
          case "datapoint", "datapointack" ->
              first(value(json, "\"created_at\""), value(json, "\"updated_at\""));
          case "location" -> value(json, "\"created_at\"");
          case "registration" ->
              first(value(json, "\"registered_at\""), value(json, "\"unregistered_at\""));
          default -> null;
        };
    try {
      return text == null
          ? System.currentTimeMillis()
          : OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return System.currentTimeMillis();
    }
  }

  /** The string value of the first {@code "name": "..."} member with this quoted name, or null. */
  private static String value(String json, String quotedName) {
    for (int at = json.indexOf(quotedName); at >= 0; at = json.indexOf(quotedName, at + 1)) {
      int i = skipSpaces(json, at + quotedName.length());
      if (i < json.length() && json.charAt(i) == ':') {
        i = skipSpaces(json, i + 1);
        if (i < json.length() && json.charAt(i) == '"') {
          int end = json.indexOf('"', i + 1);
          return end > i + 1 ? json.substring(i + 1, end) : null;
        }
      }
    }
    return null;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
