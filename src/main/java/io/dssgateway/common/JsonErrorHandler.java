package io.dssgateway.common;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Router failure handler: every failure becomes a JSON error body with a stable code,
 * never a stack trace. Unexpected exceptions are logged (without request details that may
 * carry credentials) and answered 500.
 */
public final class JsonErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

  public static JsonErrorHandler create() {
    return new JsonErrorHandler();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (ctx.failure() instanceof io.vertx.core.http.HttpClosedException || response.closed()) {
      LOG.debug(
          "Client closed the connection during {} {}",
          ctx.request().method(),
          ctx.request().path());
      return; // nobody to answer, nothing wrong on our side (the access log says 499)
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    HttpError error = toHttpError(ctx);
    if (error.headers() != null) {
      error.headers().forEach(e -> response.putHeader(e.getKey(), String.valueOf(e.getValue())));
    }
    response
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(error.toJson().encode());
  }

  static HttpError toHttpError(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpError httpError) {
      return httpError;
    }
    if (failure instanceof DecodeException
        || failure instanceof IllegalArgumentException
            && failure.getCause() instanceof DecodeException) {
      return HttpError.badRequest("malformed_json", "The request body is not valid JSON");
    }
    int status = failure instanceof HttpException he ? he.getStatusCode() : ctx.statusCode();
    if (failure != null && !(failure instanceof HttpException)) {
      LOG.error(
          "Unhandled failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      status = 500;
    }
    return forStatus(status < 400 ? 500 : status);
  }

  static HttpError forStatus(int status) {
    return switch (status) {
      case 400 -> HttpError.badRequest("bad_request", "The request is malformed");
      case 401 -> HttpError.unauthorized("unauthorized", "Authentication is required");
      case 403 -> HttpError.forbidden("forbidden", "Not allowed");
      case 404 -> HttpError.notFound("No such resource");
      case 405 -> HttpError.methodNotAllowed("Method not allowed on this path");
      case 413 -> new HttpError(413, "body_too_large", "The request body is too large");
      case 415 -> HttpError.unsupportedMediaType("Send application/json");
      case 429 -> HttpError.tooManyRequests("rate_limited", "Too many requests");
      case 503 -> HttpError.unavailable("unavailable", "The service is not available");
      default -> new HttpError(status, "internal_error", "Internal error");
    };
  }
}
