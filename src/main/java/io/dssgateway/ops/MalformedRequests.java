package io.dssgateway.ops;

import io.dssgateway.common.HttpError;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * Requests the router cannot take as they are, answered like every other error: a JSON body with a
 * stable code, never an empty body, a 500 or an ERROR line.
 */
final class MalformedRequests {

  private MalformedRequests() {
  }

  /**
   * For {@code HttpServer.invalidRequestHandler} (requests Netty could not decode): request line over
   * 4 KB → 414 {@code uri_too_long}, headers over 8 KB → 431 {@code headers_too_large}, else 400
   * {@code bad_request}; the connection is closed after the answer.
   */
  static Handler<HttpServerRequest> invalid(Handler<io.vertx.core.http.HttpServerResponse> headers) {
    return request -> {
      Throwable cause = request.decoderResult().cause();
      HttpError error = cause instanceof TooLongHttpLineException
          ? new HttpError(414, "uri_too_long", "The request line is longer than the server accepts (4 KB)")
          : cause instanceof TooLongHttpHeaderException
              ? new HttpError(431, "headers_too_large", "The request headers are larger than the server accepts (8 KB)")
              : HttpError.badRequest("bad_request", "The request is not valid HTTP");
      headers.handle(request.response());
      request.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store").putHeader("Connection", "close")
          .end(error.toJson().encode())
          .onComplete(v -> request.connection().close());
    };
  }

  /**
   * In front of the router: an HTTP/1.x request without {@code Host} is 400 {@code missing_host}
   * (RFC 9112 §3.2); Vert.x Web would fail it with an exception, a 500.
   */
  static Handler<HttpServerRequest> hostRequired(Handler<io.vertx.core.http.HttpServerResponse> headers, Handler<HttpServerRequest> next) {
    return request -> {
      if (request.version() != HttpVersion.HTTP_2 && request.headers().get("Host") == null) {
        HttpError error = HttpError.badRequest("missing_host", "HTTP/1.1 requests must carry a Host header");
        headers.handle(request.response());
        request.response().setStatusCode(400).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(error.toJson().encode());
        return;
      }
      next.handle(request);
    };
  }
}
