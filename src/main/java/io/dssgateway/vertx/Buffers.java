package io.dssgateway.vertx;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/** Vert.x buffers as the Netty buffers they hold, and back, without copying. */
public final class Buffers {

  private Buffers() {}

  /** The bytes of a buffer, shared with it (not retained: valid as long as the buffer is). */
  public static ByteBuf bytesOf(Buffer b) {
    return b instanceof BufferImpl impl ? impl.byteBuf() : ((BufferInternal) b).getByteBuf();
  }

  /** A Vert.x buffer over these bytes, sharing them. */
  public static Buffer wrap(ByteBuf bytes) {
    return BufferInternal.buffer(bytes);
  }
}
