package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.TreeMap;

/** Reading JSON request bodies: 400 for empty/malformed/non-object bodies, 422 naming bad fields. */
final class Bodies {

  private Bodies() {}

  static JsonObject object(RoutingContext ctx) {
    if (!(json(ctx) instanceof JsonObject obj)) {
      throw HttpError.badRequest("malformed_json", "The request body must be a JSON object");
    }
    return obj;
  }

  /** A body that is a JSON object or a JSON array. */
  static Object objectOrArray(RoutingContext ctx) {
    Object parsed = json(ctx);
    if (!(parsed instanceof JsonObject) && !(parsed instanceof JsonArray)) {
      throw HttpError.badRequest(
          "malformed_json", "The request body must be a JSON object or an array of them");
    }
    return parsed;
  }

  private static Object json(RoutingContext ctx) {
    Buffer buf = ctx.body().buffer();
    if (buf == null || buf.length() == 0) {
      throw HttpError.badRequest("empty_body", "A JSON object body is required");
    }
    try {
      return Json.decodeValue(buf);
    } catch (DecodeException e) {
      throw HttpError.badRequest("malformed_json", "The request body is not valid JSON");
    }
  }

  /** An optional body: empty means {}. */
  static JsonObject optionalObject(RoutingContext ctx) {
    Buffer buf = ctx.body().buffer();
    return buf == null || buf.length() == 0 ? new JsonObject() : object(ctx);
  }

  /** Collects field errors and throws one 422 naming them all. */
  static final class Errors {
    private final Map<String, String> errors = new TreeMap<>();

    Errors add(String field, String message) {
      errors.putIfAbsent(field, message);
      return this;
    }

    String string(JsonObject o, String field, String path) {
      Object v = o.getValue(field);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
      add(path, v == null ? "is required" : "must be a non-empty string");
      return null;
    }

    JsonObject object(JsonObject o, String field, String path) {
      Object v = o.getValue(field);
      if (v instanceof JsonObject obj) {
        return obj;
      }
      add(path, v == null ? "is required" : "must be an object");
      return new JsonObject();
    }

    Boolean bool(JsonObject o, String field, boolean required) {
      Object v = o.getValue(field);
      if (v instanceof Boolean b) {
        return b;
      }
      if (v != null || required) {
        add(field, v == null ? "is required" : "must be true or false");
      }
      return null;
    }

    void unknown(JsonObject o, java.util.Set<String> known) {
      unknown(o, known, "");
    }

    /** As {@link #unknown(JsonObject, java.util.Set)}, each name after {@code at}. */
    void unknown(JsonObject o, java.util.Set<String> known, String at) {
      o.fieldNames().stream()
          .filter(f -> !known.contains(f))
          .forEach(f -> add(at + f, "is not a known field"));
    }

    void throwIfAny(String message) {
      if (!errors.isEmpty()) {
        JsonObject fields = new JsonObject();
        errors.forEach((f, m) -> fields.put(f, new JsonArray().add(m)));
        throw HttpError.unprocessable(message + ": " + String.join(", ", errors.keySet()), fields);
      }
    }
  }
}
