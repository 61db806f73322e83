package io.dssgateway.api;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict reading of JSON request bodies and path parameters: clear 4xx errors, never a 500. */
final class JsonBodies {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:\\-]{1,64}");

  private JsonBodies() {}

  /** The body as a JSON object with no fields outside {@code allowed}. */
  static JsonObject object(RoutingContext ctx, Set<String> allowed) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw HttpError.unsupportedMediaType("Send the body as application/json");
    }
    JsonObject body;
    try {
      Object parsed = ctx.body().buffer() == null ? null : ctx.body().buffer().toJsonValue();
      if (!(parsed instanceof JsonObject obj)) {
        throw HttpError.badRequest("malformed_json", "The body must be a JSON object");
      }
      body = obj;
    } catch (io.vertx.core.json.DecodeException e) {
      throw HttpError.badRequest("malformed_json", "The body is not valid JSON");
    }
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) {
        throw HttpError.unprocessable(
            "Unknown field",
            new JsonObject().put(safe(field), new JsonArray().add("is not a known field")));
      }
    }
    return body;
  }

  static String requiredString(JsonObject body, String field, int maxLength) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank() || s.length() > maxLength) {
      throw HttpError.unprocessable(
          "Invalid " + field,
          new JsonObject()
              .put(
                  field,
                  new JsonArray()
                      .add("must be a non-empty string of at most " + maxLength + " characters")));
    }
    return s;
  }

  /** A DSN or property name from the path. */
  static String name(RoutingContext ctx, String param) {
    String v = ctx.pathParam(param);
    if (v == null || !NAME.matcher(v).matches()) {
      throw HttpError.badRequest(
          "invalid_" + param, param + " must be 1-64 characters of A-Z a-z 0-9 _ . : -");
    }
    return v;
  }

  private static String safe(String field) {
    String clean = field.replaceAll("[^A-Za-z0-9_]", "?");
    return clean.length() > 40 ? clean.substring(0, 40) : clean;
  }
}
