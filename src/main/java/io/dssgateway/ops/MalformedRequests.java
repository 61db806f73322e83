package io.dssgateway.ops;

import io.dssgateway.common.HttpError;
import io.dssgateway.vertx.InvalidRequests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * Requests the router cannot take as they are, answered like every other error: a JSON body with a
 * stable code, never an empty body, a 500 or an ERROR line.
 */
final class MalformedRequests {

  private MalformedRequests() {}

  /**
   * For {@code HttpServer.invalidRequestHandler} (requests Netty could not decode): request line over
   * 4 KB → 414 {@code uri_too_long}, headers over 8 KB → 431 {@code headers_too_large}, else 400
   * {@code bad_request}; the connection is closed after the answer.
   */
  static Handler<HttpServerRequest> invalid(Handler<HttpServerResponse> headers) {
    return request -> {
      HttpError error =
          switch (InvalidRequests.of(request)) {
            case LINE_TOO_LONG ->
                new HttpError(
                    414,
                    "uri_too_long",
                    "The request line is longer than the server accepts (4 KB)");
            case HEADERS_TOO_LARGE ->
                new HttpError(
                    431,
                    "headers_too_large",
                    "The request headers are larger than the server accepts (8 KB)");
            case MALFORMED -> HttpError.badRequest("bad_request", "The request is not valid HTTP");
          };
      refuse(request, headers, error, true);
    };
  }

  /**
   * In front of the router: an HTTP/1.x request without {@code Host} is 400 {@code missing_host}
   * (RFC 9112 §3.2; Vert.x Web would fail it with an exception, a 500), and a request of any version
   * with more than one {@code Host} field is 400 {@code duplicate_host}: which one names the target
   * is ambiguous, and two parties reading different ones is how requests get smuggled past a proxy.
   * An HTTP/1.x connection is closed after that answer. (An HTTP/2 {@code host} that disagrees with
   * {@code :authority} never gets here: Vert.x resets that stream with {@code PROTOCOL_ERROR}.)
   */
  static Handler<HttpServerRequest> oneHost(
      Handler<HttpServerResponse> headers, Handler<HttpServerRequest> next) {
    return request -> {
      boolean http1 = request.version() != HttpVersion.HTTP_2;
      List<String> hosts = request.headers().getAll(HttpHeaders.HOST);
      if (http1 && hosts.isEmpty()) {
        refuse(
            request,
            headers,
            HttpError.badRequest("missing_host", "HTTP/1.1 requests must carry a Host header"),
            false);
      } else if (hosts.size() > 1) {
        refuse(
            request,
            headers,
            HttpError.badRequest("duplicate_host", "A request must carry at most one Host header"),
            http1);
      } else {
        next.handle(request);
      }
    };
  }

  private static void refuse(
      HttpServerRequest request,
      Handler<HttpServerResponse> headers,
      HttpError error,
      boolean close) {
    HttpServerResponse response = request.response();
    headers.handle(response);
    response
        .setStatusCode(error.status())
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store");
    if (close) {
      response.putHeader("Connection", "close");
    }
    response
        .end(error.toJson().encode())
        .onComplete(
            v -> {
              if (close) {
                request.connection().close();
              }
            });
  }
}
