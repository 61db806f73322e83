package io.dssgateway.sse;

import io.netty.buffer.ByteBuf;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Writes of an HTTP/1.x SSE response's body straight to its socket, once Vert.x has written the
 * head: Netty's HTTP encoder still frames each write as a chunk, but with a void promise, so a
 * write costs no promise, no promise combiner and no listener (half the bytes a single-event
 * delivery allocated through the response's own {@code write}). The channel releases the buffer.
 * Only on the connection's event loop (the server runs in strict thread mode). Vert.x does not
 * see these bytes: the response's byte count leaves them out.
 */
final class SocketWrites {

  private final io.netty.channel.Channel channel;

  private SocketWrites(io.netty.channel.Channel channel) {
    this.channel = channel;
  }

  /** For an HTTP/1.x request on a Vert.x connection; null otherwise (HTTP/2 multiplexes streams on one socket). */
  static SocketWrites of(HttpServerRequest request) {
    return request.version() != HttpVersion.HTTP_2 && request.connection() instanceof ConnectionBase connection
        ? new SocketWrites(connection.channel()) : null;
  }

  void write(ByteBuf bytes) {
    channel.writeAndFlush(bytes, channel.voidPromise());
  }
}
