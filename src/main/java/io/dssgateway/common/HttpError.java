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

  private HttpError(
      int status, String code, String message, JsonObject details, JsonObject headers) {
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

  public static HttpError unauthorized(String code, String message) {
    return unauthorized(code, message, null);
  }

  public static HttpError unauthorized(String code, String message, JsonObject details) {
    return new HttpError(401, code, message, details);
  }

  public static HttpError forbidden(String code, String message) {
    return forbidden(code, message, null);
  }

  public static HttpError forbidden(String code, String message, JsonObject details) {
    return new HttpError(403, code, message, details);
  }

  public static HttpError notFound(String message) {
    return notFound(message, null);
  }

  public static HttpError notFound(String message, JsonObject details) {
    return new HttpError(404, "not_found", message, details);
  }

  public static HttpError methodNotAllowed(String message) {
    return new HttpError(405, "method_not_allowed", message);
  }

  public static HttpError unsupportedMediaType(String message) {
    return new HttpError(415, "unsupported_media_type", message);
  }

  public static HttpError unprocessable(String message, JsonObject fieldErrors) {
    return unprocessable("validation_failed", message, new JsonObject().put("errors", fieldErrors));
  }

  public static HttpError unprocessable(String code, String message, JsonObject details) {
    return new HttpError(422, code, message, details);
  }

  public static HttpError tooManyRequests(String code, String message) {
    return tooManyRequests(code, message, null);
  }

  public static HttpError tooManyRequests(String code, String message, JsonObject details) {
    return new HttpError(429, code, message, details);
  }

  /** Too many open connections or streams for one caller (per address or per user). */
  public static HttpError tooManyConnections(String message) {
    return tooManyRequests("too_many_connections", message);
  }

  public static HttpError badGateway(String code, String message, JsonObject details) {
    return new HttpError(502, code, message, details);
  }

  /** Ayla (or the stream to it) did not answer, or not as expected. */
  public static HttpError upstreamUnavailable(String message) {
    return badGateway("upstream_unavailable", message, null);
  }

  public static HttpError unavailable(String code, String message) {
    return unavailable(code, message, null);
  }

  public static HttpError unavailable(String code, String message, JsonObject details) {
    return new HttpError(503, code, message, details);
  }

  public static HttpError shuttingDown(String message) {
    return unavailable("shutting_down", message);
  }

  public static HttpError gatewayTimeout(String code, String message) {
    return new HttpError(504, code, message);
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
