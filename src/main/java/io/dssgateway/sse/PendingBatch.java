package io.dssgateway.sse;

import io.dssgateway.vertx.Buffers;
import io.dssgateway.vertx.DirectSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One browser's unsent bytes. Until the response's head is written they are copied into one
 * pooled direct buffer, which the response writes (Vert.x writes the head, Netty frames the
 * chunk). After that, on HTTP/1.1, the batch is a list of chunk-framed buffers written straight
 * to the socket in front of Netty's HTTP encoder: an event shared by the loop's browsers is framed
 * once and each browser writes a duplicate of it, with no copy, promise or listener per browser.
 * Not thread-safe: it lives on the browser's event loop.
 */
final class PendingBatch {

  private static final int FIRST_CAPACITY = 512;

  private ByteBuf bytes;
  private DirectSocket socket; // set once the head is written
  private ByteBuf[] chunks;
  private int count;
  private long chunkBytes;

  /** From now on the batch goes straight to the socket, framed by us. */
  void writeDirectlyTo(DirectSocket socket) {
    this.socket = socket;
  }

  boolean direct() {
    return socket != null;
  }

  void append(Buffer b) {
    if (socket != null) {
      add(Chunks.frame(b));
      return;
    }
    ByteBuf src = Buffers.bytesOf(b);
    int n = src.readableBytes();
    if (bytes == null) {
      bytes = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(FIRST_CAPACITY, n));
    }
    bytes.writeBytes(src, src.readerIndex(), n);
  }

  /** Appends an already framed chunk (direct mode only); the batch owns it. */
  void add(ByteBuf chunk) {
    if (chunks == null) {
      chunks = new ByteBuf[4];
    } else if (count == chunks.length) {
      chunks = Arrays.copyOf(chunks, count * 2);
    }
    chunks[count++] = chunk;
    chunkBytes += chunk.readableBytes();
  }

  boolean isEmpty() {
    return bytes == null && count == 0;
  }

  long size() {
    return (bytes == null ? 0 : bytes.readableBytes()) + chunkBytes;
  }

  /** Drops what was not sent (the browser resumes it later with its cursor). */
  void discard() {
    if (bytes != null) {
      bytes.release();
      bytes = null;
    }
    for (int i = 0; i < count; i++) {
      chunks[i].release();
      chunks[i] = null;
    }
    count = 0;
    chunkBytes = 0;
  }

  /**
   * Hands the copied bytes to {@code write} (a response's write or end) and starts a new batch;
   * the buffer returns to the pool when that write completes, sent or not.
   */
  Future<Void> writeWith(Function<Buffer, Future<Void>> write) {
    ByteBuf out = bytes; // never null: callers append before they write
    bytes = null;
    return write.apply(Buffers.wrap(out)).andThen(done -> out.release());
  }

  /**
   * Writes the batch to the socket as one chunk (one event shared by many browsers goes as the
   * framed buffer they share; several are joined under one chunk head, each stripped of its own
   * framing, the last keeping its CRLF), then flushes if asked: one gathering write. The socket
   * releases the buffers once written; a failed write closes the connection, which ends the stream.
   */
  void writeToSocket(boolean flush) {
    if (count > 1) {
      socket.write(joinedHead());
    }
    for (int i = 0; i < count; i++) {
      socket.write(chunks[i]);
      chunks[i] = null;
    }
    count = 0;
    chunkBytes = 0;
    if (flush) {
      socket.flush();
    }
  }

  private ByteBuf joinedHead() {
    int payload = 0;
    for (int i = 0; i < count; i++) {
      ByteBuf c = chunks[i];
      c.skipBytes(Chunks.headLength(c.readableBytes())); // its own "<hex size>\r\n"
      if (i < count - 1) {
        c.writerIndex(c.writerIndex() - 2); // its own CRLF: the last one's ends the joined chunk
        payload += c.readableBytes();
      } else {
        payload += c.readableBytes() - 2;
      }
    }
    return Chunks.head(payload);
  }
}
