package io.dssgateway.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.function.Function;

/**
 * One browser's unsent bytes: the events are copied into a pooled direct buffer, which goes to
 * the socket as it is (no copy there, no composite, no garbage per event) and back to the pool
 * once the write completes. Not thread-safe: it lives on the browser's event loop.
 */
final class PendingBatch {

  private static final ByteBufAllocator POOL = PooledByteBufAllocator.DEFAULT;
  private static final int FIRST_CAPACITY = 512;

  private ByteBuf bytes;

  void append(Buffer b) {
    ByteBuf src = b instanceof BufferImpl impl ? impl.byteBuf() : ((BufferInternal) b).getByteBuf();
    int n = src.readableBytes();
    if (bytes == null) {
      bytes = POOL.directBuffer(Math.max(FIRST_CAPACITY, n));
    }
    bytes.writeBytes(src, src.readerIndex(), n);
  }

  boolean isEmpty() {
    return bytes == null;
  }

  long size() {
    return bytes == null ? 0 : bytes.readableBytes();
  }

  /** Drops what was not sent (the browser resumes it later with its cursor). */
  void discard() {
    if (bytes != null) {
      bytes.release();
      bytes = null;
    }
  }

  /**
   * Hands the batch to {@code write} (a response's write or end) and starts a new one; the buffer
   * returns to the pool when that write completes, sent or not.
   */
  Future<Void> writeWith(Function<Buffer, Future<Void>> write) {
    ByteBuf out = bytes; // never null: callers append before they write
    bytes = null;
    return write.apply(BufferInternal.buffer(out)).andThen(done -> out.release());
  }
}
