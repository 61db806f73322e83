package io.dssgateway.vertx;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/** Why the HTTP decoder could not take a request, as Vert.x hands it to an invalid-request handler. */
public enum InvalidRequests {
  /** The request line is over the server's limit. */
  LINE_TOO_LONG,
  /** The headers are over the server's limit. */
  HEADERS_TOO_LARGE,
  /** Anything else that is not valid HTTP. */
  MALFORMED;

  public static InvalidRequests of(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    return cause instanceof TooLongHttpLineException
        ? LINE_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE : MALFORMED;
  }
}
