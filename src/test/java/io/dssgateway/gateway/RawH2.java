package io.dssgateway.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A cleartext HTTP/2 connection (prior knowledge) over a plain socket, writing the frames byte by
 * byte, for header blocks no well-behaved client sends (e.g. a {@code host} that disagrees with
 * {@code :authority}). The request's header block is written as HPACK literals, without Huffman
 * coding or indexing; only the answer's block is decoded with Netty's HPACK decoder. Blocking; test
 * threads only.
 */
final class RawH2 implements AutoCloseable {

  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int RST_STREAM = 0x3;
  private static final int SETTINGS = 0x4;
  private static final int GOAWAY = 0x7;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int ACK = 0x1;
  private static final int PADDED = 0x8;
  private static final int PRIORITY = 0x20;

  /**
   * The answer to one request: its status, headers and body; or, with status 0, the error code of
   * the stream's reset ({@code RST_STREAM}) or of the connection's ({@code GOAWAY}).
   */
  record Answer(
      int status, Http2Headers headers, String body, long resetCode, boolean connectionClosed) {}

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
  private int nextStream = 1;

  RawH2(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    out.write(PREFACE);
    frame(SETTINGS, 0, 0, new byte[0]);
  }

  /** Sends one request without a body, its header fields as name, value pairs in this order, and reads its answer. */
  Answer request(String... namesAndValues) throws IOException, Http2Exception {
    int stream = nextStream;
    nextStream += 2;
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      literal(block, namesAndValues[i], namesAndValues[i + 1]);
    }
    frame(HEADERS, END_STREAM | END_HEADERS, stream, block.toByteArray());
    return answer(stream);
  }

  /**
   * Sends one request and, in the same write, cancels it ({@code RST_STREAM} CANCEL): the server
   * reads the reset with the request, before it can have answered.
   */
  void requestAndCancel(String... namesAndValues) throws IOException {
    int stream = nextStream;
    nextStream += 2;
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      literal(block, namesAndValues[i], namesAndValues[i + 1]);
    }
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(frameBytes(HEADERS, END_STREAM | END_HEADERS, stream, block.toByteArray()));
    both.writeBytes(frameBytes(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 0x8}));
    out.write(both.toByteArray());
    out.flush();
  }

  private Answer answer(int stream) throws IOException, Http2Exception {
    Http2Headers headers = null;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
      int type = in.readUnsignedByte();
      int flags = in.readUnsignedByte();
      int id = in.readInt() & 0x7fffffff;
      byte[] payload = in.readNBytes(length);
      if (type == SETTINGS && (flags & ACK) == 0) {
        frame(SETTINGS, ACK, 0, new byte[0]);
      } else if (type == GOAWAY) {
        return new Answer(0, null, "", errorCode(payload, 4), true);
      } else if (id == stream && type == RST_STREAM) {
        return new Answer(0, null, "", errorCode(payload, 0), false);
      } else if (id == stream && type == HEADERS) {
        int padding = (flags & PADDED) != 0 ? payload[0] & 0xff : 0;
        int start = ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0);
        headers =
            decoder.decodeHeaders(
                stream, Unpooled.wrappedBuffer(payload, start, payload.length - start - padding));
      } else if (id == stream && type == DATA) {
        body.write(payload);
      }
      if (id == stream && (type == HEADERS || type == DATA) && (flags & END_STREAM) != 0) {
        return new Answer(
            Integer.parseInt(headers.status().toString()),
            headers,
            body.toString(StandardCharsets.UTF_8),
            0,
            false);
      }
    }
  }

  private static long errorCode(byte[] payload, int offset) {
    return java.nio.ByteBuffer.wrap(payload, offset, 4).getInt() & 0xffffffffL;
  }

  /** A literal header field without indexing, new name (RFC 7541 §6.2.2). */
  private static void literal(ByteArrayOutputStream block, String name, String value) {
    block.write(0x00);
    string(block, name);
    string(block, value);
  }

  private static void string(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length < 127) {
      block.write(bytes.length);
    } else { // the length as an HPACK integer with a 7-bit prefix (RFC 7541 §5.1)
      block.write(127);
      int rest = bytes.length - 127;
      while (rest >= 128) {
        block.write((rest & 0x7f) | 0x80);
        rest >>>= 7;
      }
      block.write(rest);
    }
    block.writeBytes(bytes);
  }

  private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    out.write(frameBytes(type, flags, stream, payload));
    out.flush();
  }

  private static byte[] frameBytes(int type, int flags, int stream, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(9 + payload.length);
    frame.writeBytes(
        new byte[] {
          (byte) (payload.length >>> 16),
          (byte) (payload.length >>> 8),
          (byte) payload.length,
          (byte) type,
          (byte) flags,
          (byte) (stream >>> 24),
          (byte) (stream >>> 16),
          (byte) (stream >>> 8),
          (byte) stream
        });
    frame.writeBytes(payload);
    return frame.toByteArray();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
