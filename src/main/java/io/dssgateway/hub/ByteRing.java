package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;

/**
 * Bytes kept in arrival order in one array used as a ring: appended at the end, dropped from the
 * front, and copied in and out across the wrap. It grows (or shrinks) only when told, moving what
 * it holds to the start of the new array. Used on one thread.
 */
public final class ByteRing {

  private byte[] data = new byte[0];
  private int start; // the oldest byte
  private int used;

  public int capacity() {
    return data.length;
  }

  public int used() {
    return used;
  }

  public int free() {
    return data.length - used;
  }

  /** Where the next appended byte goes. */
  public int end() {
    return data.length == 0 ? 0 : (start + used) % data.length;
  }

  /** How far {@code at} is from the oldest byte: where it will be after {@link #resize}. */
  public int offset(int at) {
    return data.length == 0 ? 0 : (at - start + data.length) % data.length;
  }

  /** Counts {@code n} bytes written at {@link #end} as held. */
  public void appended(int n) {
    used += n;
  }

  /** Lets the oldest {@code n} bytes go. */
  public void dropped(int n) {
    used -= n;
    start = used == 0 ? 0 : (start + n) % data.length;
  }

  public void clear() {
    start = 0;
    used = 0;
  }

  /** Lets the array go too. */
  public void release() {
    clear();
    data = new byte[0];
  }

  /** A new array of {@code n} bytes (at least {@link #used}) with the held bytes at its start. */
  public void resize(int n) {
    byte[] next = new byte[Math.max(n, used)];
    int first = Math.min(used, data.length - start);
    System.arraycopy(data, start, next, 0, first);
    System.arraycopy(data, 0, next, first, used - first);
    data = next;
    start = 0;
  }

  /** Copies a buffer in at {@code at}, wrapping; answers where the next bytes go. */
  public int put(int at, Buffer b) {
    if (b.length() == 0) {
      return at;
    }
    int first = Math.min(b.length(), data.length - at);
    b.getBytes(0, first, data, at);
    b.getBytes(first, b.length(), data, 0);
    return (at + b.length()) % data.length;
  }

  /** Copies bytes in at {@code at} (nothing for null), wrapping; answers where the next bytes go. */
  public int put(int at, byte[] b) {
    if (b == null || b.length == 0) {
      return at;
    }
    int first = Math.min(b.length, data.length - at);
    System.arraycopy(b, 0, data, at, first);
    System.arraycopy(b, first, data, 0, b.length - first);
    return (at + b.length) % data.length;
  }

  /** Appends the {@code length} bytes from {@code at} to {@code out}, wrapping. */
  public void appendTo(int at, int length, Buffer out) {
    if (length == 0) {
      return;
    }
    int first = Math.min(length, data.length - at);
    out.appendBytes(data, at, first);
    out.appendBytes(data, 0, length - first);
  }

  /** Fills {@code into} from {@code at}, wrapping; answers where the bytes after them are. */
  public int get(int at, byte[] into) {
    if (into.length == 0) {
      return at;
    }
    int first = Math.min(into.length, data.length - at);
    System.arraycopy(data, at, into, 0, first);
    System.arraycopy(data, 0, into, first, into.length - first);
    return (at + into.length) % data.length;
  }
}
