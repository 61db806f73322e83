package io.dssgateway.history;

import io.dssgateway.hub.StreamEvent;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * One collected event on its way to storage: the stream it came from (canonical key), its
 * subscription and seq (together its identity: the unique key), the event as received, and the
 * time the event itself states (the time queries select on; the time received when it states none).
 */
record ArchivedEvent(String stream, long subscriptionId, StreamEvent event, long eventTimeMillis) {

  /** Bytes it holds in memory, roughly: the JSON and the fields around it. */
  long bytes() {
    return event.json().length() + 160L;
  }

  long seq() {
    return event.seq();
  }

  static ArchivedEvent of(String stream, long subscriptionId, StreamEvent event) {
    return new ArchivedEvent(stream, subscriptionId, event, eventTime(event));
  }

  /** The event's own time: connectivity {@code event_time}; datapoints, location and registration their creation. */
  static long eventTime(StreamEvent event) {
    try {
      JsonObject json = new JsonObject(event.json());
      String text = switch (event.eventType()) {
        case "connectivity" -> field(json, "connection", "event_time");
        case "datapoint", "datapointack" -> first(field(json, "datapoint", "created_at"), field(json, "datapoint", "updated_at"));
        case "location" -> field(json, "location_event", "created_at");
        case "registration" -> first(field(json, "registration_event", "registered_at"),
            field(json, "registration_event", "unregistered_at"));
        default -> null;
      };
      return text == null ? System.currentTimeMillis() : OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (RuntimeException e) { // DecodeException, DateTimeParseException, a field of another type
      return System.currentTimeMillis();
    }
  }

  private static String field(JsonObject json, String body, String name) {
    JsonObject o = json.getValue(body) instanceof JsonObject j ? j : null;
    return o != null && o.getValue(name) instanceof String s && !s.isBlank() ? s : null;
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }
}
