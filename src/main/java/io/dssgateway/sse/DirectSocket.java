package io.dssgateway.sse;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Where an HTTP/1.1 SSE response's body can be written past Netty's HTTP encoder: writes from the
 * encoder's own context go to the socket as they are, so they must already be framed as chunks.
 * They also skip the handlers nearer the application: the idle-timeout handler (the keep-alives,
 * written through Vert.x, keep it fed) and a compressor (with one, there is no direct way).
 * Only on the connection's event loop (the server runs in strict thread mode, so Vert.x's own
 * writes, the head and the last chunk, go out in call order with these). Vert.x does not count
 * these bytes (the access log's and metrics' byte counts of a stream leave them out).
 */
final class DirectSocket {

  private static final String ENCODER = "httpEncoder"; // the names Vert.x gives Netty's handlers
  private static final String COMPRESSOR = "deflater";

  private DirectSocket() {
  }

  /** The encoder's context for a chunked HTTP/1.1 request on a Vert.x connection; null otherwise (HTTP/2, HTTP/1.0). */
  static ChannelHandlerContext encoderOf(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_1_1 || !(request.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    ChannelPipeline pipeline = connection.channel().pipeline();
    return pipeline.get(COMPRESSOR) == null ? pipeline.context(ENCODER) : null; // compressed bodies go through Vert.x
  }
}
