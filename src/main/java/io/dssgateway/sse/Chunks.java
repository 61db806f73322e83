package io.dssgateway.sse;

import io.dssgateway.vertx.Buffers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 chunked framing ({@code <hex size>CRLF <bytes> CRLF}) for bytes that go to the socket
 * past Netty's HTTP encoder, in pooled direct buffers the socket writes as they are.
 */
final class Chunks {

  private static final byte[] CRLF = {'\r', '\n'};

  private Chunks() {}

  /** One chunk holding the parts, in order. */
  static ByteBuf frame(Buffer... parts) {
    int size = 0;
    for (Buffer p : parts) {
      size += p.length();
    }
    byte[] head = headBytes(size);
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(head.length + size + CRLF.length);
    out.writeBytes(head);
    for (Buffer p : parts) {
      ByteBuf src = Buffers.bytesOf(p);
      out.writeBytes(src, src.readerIndex(), src.readableBytes());
    }
    return out.writeBytes(CRLF);
  }

  /** {@code <hex size>CRLF}: the head of a chunk whose bytes follow in other buffers. */
  static ByteBuf head(int size) {
    byte[] head = headBytes(size);
    return PooledByteBufAllocator.DEFAULT.directBuffer(head.length).writeBytes(head);
  }

  private static byte[] headBytes(int size) {
    return (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The length of the head ({@code <hex size>CRLF}) of a framed chunk of this many bytes in all. */
  static int headLength(int framedLength) {
    for (int digits = 1; digits <= 8; digits++) {
      int size = framedLength - digits - 4;
      if (size >= 0 && hexDigits(size) == digits) {
        return digits + 2;
      }
    }
    throw new IllegalArgumentException("not a framed chunk's length: " + framedLength);
  }

  private static int hexDigits(int size) {
    return size == 0 ? 1 : (35 - Integer.numberOfLeadingZeros(size)) / 4;
  }
}
