package io.dssgateway.vertx;

import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Closes a connection whose client may still be sending (a body cut off as too slow) so that the
 * client reads the answer first: closing at once with its bytes unread makes the kernel reset the
 * connection, and a reset can discard the answer before the client reads it. The output is shut
 * down (the answer, then FIN), what still arrives is read and dropped, and the connection closes
 * once the client does or after {@code lingerMillis}.
 */
public final class LingeringClose {

  private LingeringClose() {}

  public static void close(Vertx vertx, HttpConnection connection, long lingerMillis) {
    if (connection instanceof ConnectionBase base
        && base.channel() instanceof DuplexChannel channel
        && channel.isActive()) {
      channel
          .shutdownOutput()
          .addListener(done -> vertx.setTimer(lingerMillis, id -> connection.close()));
      return;
    }
    connection.close();
  }
}
