package io.dssgateway.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Where an HTTP/1.1 response's body can be written past Netty's HTTP encoder: writes from the
 * encoder's own context go to the socket as they are, so they must already be framed as chunks.
 * They also skip the handlers nearer the application: the idle-timeout handler (writes through
 * Vert.x keep it fed) and a compressor (with one, there is no direct way). Only on the
 * connection's event loop (with the server in strict thread mode, Vert.x's own writes, the head
 * and the last chunk, go out in call order with these). Vert.x does not count these bytes in its
 * metrics or in what an access log reports.
 */
public final class DirectSocket {

  /** The names Vert.x gives Netty's handlers in an HTTP/1.x server pipeline. */
  static final String ENCODER = "httpEncoder";

  static final String COMPRESSOR = "deflater";

  private final ChannelHandlerContext encoder;
  private final ChannelPromise unobserved;

  private DirectSocket(ChannelHandlerContext encoder) {
    this.encoder = encoder;
    this.unobserved =
        encoder
            .channel()
            .unsafe()
            .voidPromise(); // a failed write closes the connection, which ends the stream
  }

  /** The socket of a chunked HTTP/1.1 request's connection; null otherwise (HTTP/2, HTTP/1.0, a compressed response). */
  public static DirectSocket of(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_1_1
        || !(request.connection() instanceof ConnectionBase connection)) {
      return null;
    }
    ChannelPipeline pipeline = connection.channel().pipeline();
    if (pipeline.get(COMPRESSOR) != null) {
      return null;
    }
    ChannelHandlerContext encoder = pipeline.context(ENCODER);
    return encoder == null ? null : new DirectSocket(encoder);
  }

  /** Queues the bytes (the socket owns them from now on and releases them once written); no promise, no listener. */
  public void write(ByteBuf bytes) {
    encoder.write(bytes, unobserved);
  }

  /** Sends what was queued. */
  public void flush() {
    encoder.flush();
  }
}
