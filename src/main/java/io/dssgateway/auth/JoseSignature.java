package io.dssgateway.auth;

/**
 * The shape RFC 7518 §3.4 gives an ECDSA JWS signature: R and S as unsigned big-endian integers of
 * exactly the curve's size, concatenated (64 bytes for ES256, 96 for ES384, 132 for ES512), in
 * canonical unpadded base64url. The JWT library also takes longer, zero-padded halves and DER, so
 * one signature would have many accepted spellings; this is checked before the library sees the
 * token.
 */
final class JoseSignature {

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private JoseSignature() {}

  /**
   * Whether the compact JWS {@code token}'s signature has the size {@code alg} requires; true for
   * algorithms other than ES256/384/512. The token's characters are already known to be base64url.
   */
  static boolean wellSized(String alg, String token) {
    int bytes = size(alg);
    if (bytes == 0) {
      return true;
    }
    int start = token.lastIndexOf('.') + 1;
    int chars = token.length() - start;
    if (chars != (bytes * 4 + 2) / 3) {
      return false;
    }
    int unusedBits = chars * 6 - bytes * 8;
    int last = BASE64URL.indexOf(token.charAt(token.length() - 1));
    return (last & ((1 << unusedBits) - 1)) == 0;
  }

  /** The size of an R||S signature for {@code alg}; 0 for algorithms other than ES256/384/512. */
  static int size(String alg) {
    return switch (alg) {
      case "ES256" -> 64;
      case "ES384" -> 96;
      case "ES512" -> 132;
      default -> 0;
    };
  }

  /** R||S (two unsigned big-endian halves) as the DER SEQUENCE of two INTEGERs the JCA verifiers take. */
  static byte[] toDer(byte[] rs) {
    int half = rs.length / 2;
    byte[] r = derInteger(rs, 0, half);
    byte[] s = derInteger(rs, half, half);
    int body = r.length + s.length;
    byte[] der = new byte[(body < 128 ? 2 : 3) + body];
    int i = 0;
    der[i++] = 0x30;
    if (body >= 128) {
      der[i++] = (byte) 0x81;
    }
    der[i++] = (byte) body;
    System.arraycopy(r, 0, der, i, r.length);
    System.arraycopy(s, 0, der, i + r.length, s.length);
    return der;
  }

  /** An INTEGER of the unsigned value: leading zeros dropped, a zero put back where the high bit is set. */
  private static byte[] derInteger(byte[] bytes, int from, int length) {
    int start = from;
    int end = from + length;
    while (start < end - 1 && bytes[start] == 0) {
      start++;
    }
    boolean pad = (bytes[start] & 0x80) != 0;
    int valueLength = end - start + (pad ? 1 : 0);
    byte[] out = new byte[2 + valueLength];
    out[0] = 0x02;
    out[1] = (byte) valueLength;
    System.arraycopy(bytes, start, out, 2 + (pad ? 1 : 0), end - start);
    return out;
  }
}
