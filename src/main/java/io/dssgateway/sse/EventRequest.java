package io.dssgateway.sse;

import io.dssgateway.common.HttpError;
import io.dssgateway.hub.Cursor;
import io.dssgateway.hub.EventTypes;
import io.dssgateway.hub.Filter;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A browser's {@code GET /events} request, validated: the event types (several are multiplexed
 * into one connection), the filter in Ayla's notation, the resume cursor, and whether it wants the
 * devices' current state first.
 */
public record EventRequest(
    List<String> types, Filter filter, Cursor cursor, boolean snapshot, boolean snapshotAlways) {

  private static final Set<String> KNOWN =
      Set.of(
          "subscription_type",
          "oem_model",
          "dsn",
          "property_name",
          "ticket",
          "access_token",
          "last_event_id",
          "snapshot");
  private static final int MAX_VALUE_LENGTH = 64;

  public static EventRequest parse(MultiMap query, String lastEventIdHeader, int maxValues) {
    checkParameters(query, KNOWN);
    JsonObject errors = new JsonObject();
    Set<String> types = types(query, maxValues, errors);
    if (types != null && types.isEmpty()) {
      errors.put(
          "subscription_type",
          new JsonArray().add("is required: one or more of " + String.join(",", EventTypes.ALL)));
    }
    Set<String> models = values(query, "oem_model", maxValues, errors);
    Set<String> dsns = values(query, "dsn", maxValues, errors);
    Set<String> properties = values(query, "property_name", maxValues, errors);
    String snapshot = query.get("snapshot");
    if (snapshot != null && !Set.of("true", "false", "always").contains(snapshot)) {
      errors.put("snapshot", new JsonArray().add("must be true, false or always"));
    }
    if (models != null && dsns != null && isAny(models) && isAny(dsns)) {
      errors.put(
          "dsn", new JsonArray().add("is required when oem_model is * or absent (Ayla's rule)"));
    }
    if (!errors.isEmpty()) {
      throw HttpError.unprocessable("Invalid event request", errors);
    }
    // the header wins: an auto-reconnecting EventSource sends the newer id there, and keeps the
    // URL's older one
    String lastEventId = lastEventIdHeader != null ? lastEventIdHeader : query.get("last_event_id");
    Filter filter = Filter.of(star(models), star(dsns), star(properties));
    return new EventRequest(
        List.copyOf(new TreeSet<>(types)),
        filter,
        Cursor.parse(lastEventId),
        "true".equals(snapshot) || "always".equals(snapshot),
        "always".equals(snapshot));
  }

  /** Refuses unknown, repeated and control-character parameters (400 with a stable code). */
  public static void checkParameters(MultiMap query, Set<String> known) {
    for (String name : query.names()) {
      if (!known.contains(name)) {
        throw HttpError.badRequest(
            "unknown_parameter", "Unknown query parameter: " + truncate(name));
      }
      if (query.getAll(name).size() > 1) {
        throw HttpError.badRequest(
            "repeated_parameter", "Give " + name + " once, as a comma-separated list");
      }
      if (hasControl(query.get(name))) {
        throw HttpError.badRequest(
            "invalid_characters", "The value of " + name + " contains a control character");
      }
    }
  }

  /** {@code subscription_type}: known types, {@code *} for all (empty set = absent), or null after recording an error. */
  public static Set<String> types(MultiMap query, int maxValues, JsonObject errors) {
    Set<String> types = values(query, "subscription_type", maxValues, errors);
    if (types != null && types.contains("*")) {
      return new LinkedHashSet<>(EventTypes.ALL);
    }
    if (types != null) {
      for (String t : types) {
        if (!EventTypes.isKnown(t)) {
          errors.put(
              "subscription_type",
              new JsonArray()
                  .add("unknown type " + t + "; use " + String.join(",", EventTypes.ALL)));
          return null;
        }
      }
    }
    return types;
  }

  /** The values of a comma-separated parameter (empty set = absent), or null after recording an error. */
  public static Set<String> values(MultiMap query, String name, int maxValues, JsonObject errors) {
    String raw = query.get(name);
    Set<String> out = new LinkedHashSet<>();
    if (raw == null) {
      return out;
    }
    String[] parts = raw.split(",", -1);
    if (parts.length > maxValues) {
      errors.put(name, new JsonArray().add("at most " + maxValues + " values"));
      return null;
    }
    for (String part : parts) {
      String v = part.strip();
      if (!v.equals("*") && !isValue(v)) {
        errors.put(
            name,
            new JsonArray().add("values must be * or 1-64 characters of A-Z a-z 0-9 _ . : -"));
        return null;
      }
      out.add(v);
    }
    return out;
  }

  public static boolean isAny(Set<String> values) {
    return values.isEmpty() || values.contains("*");
  }

  public static Set<String> star(Set<String> values) {
    return isAny(values) ? Set.of() : values;
  }

  /** C0 controls and DEL, decoded (%00, %09, %0A ...): refused rather than trimmed away. */
  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** 1-64 of A-Z a-z 0-9 _ . : - (a loop: these run for every stream opened). */
  private static boolean isValue(String s) {
    if (s.isEmpty() || s.length() > MAX_VALUE_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z'
          || c >= 'a' && c <= 'z'
          || c >= '0' && c <= '9'
          || c == '_'
          || c == '.'
          || c == ':'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static String truncate(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9_.\\-]", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
