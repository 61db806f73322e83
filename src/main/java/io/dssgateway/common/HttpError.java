package io.dssgateway.common;

import io.vertx.core.json.JsonObject;

/**
 * A failure that maps to one HTTP status and a stable, machine-readable error code.
 * Thrown or failed into a route context; {@link JsonErrorHandler} renders it.
 */
public final class HttpError extends RuntimeException {

  private final int status;
  private final String code;
  private final JsonObject details;
  private final JsonObject headers;

  public HttpError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public HttpError(int status, String code, String message, JsonObject details) {
    this(status, code, message, details, null);
  }

  private HttpError(int status, String code, String message, JsonObject details, JsonObject headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  /** The same error with an extra response header (e.g. Retry-After, WWW-Authenticate). */
  public HttpError withHeader(String name, String value) {
    JsonObject h = headers == null ? new JsonObject() : headers.copy();
    return new HttpError(status, code, getMessage(), details, h.put(name, value));
  }

  public static HttpError badRequest(String code, String message) {
    return new HttpError(400, code, message);
  }

  public static HttpError notFound(String message) {
    return new HttpError(404, "not_found", message);
  }

  public static HttpError unprocessable(String message, JsonObject fieldErrors) {
    return new HttpError(422, "validation_failed", message, new JsonObject().put("errors", fieldErrors));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }

  public JsonObject headers() {
    return headers;
  }

  /** The JSON body: {"error": code, "message": text, ...details}. */
  public JsonObject toJson() {
    JsonObject body = new JsonObject().put("error", code).put("message", getMessage());
    if (details != null) {
      body.mergeIn(details);
    }
    return body;
  }
}
