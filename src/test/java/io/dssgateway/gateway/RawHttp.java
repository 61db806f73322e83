package io.dssgateway.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain TCP connection to the gateway, for input no well-behaved HTTP client sends: made-up
 * methods, missing headers, half a request, bytes trickled in. Blocking; test threads only.
 */
final class RawHttp implements AutoCloseable {

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends one request and reads the answer until the server closes ({@code Connection: close}). */
  static String exchange(int port, String request) throws IOException {
    try (RawHttp raw = new RawHttp(port)) {
      raw.send(request);
      return raw.readUntilClosed(Duration.ofSeconds(20));
    }
  }

  RawHttp send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Everything the server sends until it closes the connection; fails if it is still open after {@code limit}. */
  String readUntilClosed(Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        all.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "the server kept the connection open for "
              + limit
              + "; received: "
              + all.toString(StandardCharsets.ISO_8859_1));
    } catch (java.net.SocketException reset) {
      // a reset after the answer: what was read is the answer
    }
    return all.toString(StandardCharsets.ISO_8859_1);
  }

  /** What the server sends until it contains {@code marker} (e.g. the end of a known body). */
  String readUntil(String marker, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    StringBuilder all = new StringBuilder();
    byte[] buf = new byte[8192];
    while (!all.toString().contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("closed before " + marker + "; received: " + all);
      }
      all.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
    }
    return all.toString();
  }

  /** Whether the server has closed the connection, waiting at most {@code limit} for it. */
  boolean closedWithin(Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    try {
      byte[] buf = new byte[8192];
      while (in.read(buf) >= 0) {
        // an answer (e.g. 408) before the close is fine
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  static String body(String response) {
    int i = response.indexOf("\r\n\r\n");
    return i < 0 ? "" : response.substring(i + 4);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
