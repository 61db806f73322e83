package io.dssgateway.auth;

/**
 * The shape RFC 7518 §3.4 gives an ECDSA JWS signature: R and S as unsigned big-endian integers of
 * exactly the curve's size, concatenated (64 bytes for ES256, 96 for ES384, 132 for ES512), in
 * canonical unpadded base64url. The JWT library also takes longer, zero-padded halves and DER, so
 * one signature would have many accepted spellings; this is checked before the library sees the
 * token.
 */
final class JoseSignature {

  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private JoseSignature() {
  }

  /**
   * Whether the compact JWS {@code token}'s signature has the size {@code alg} requires; true for
   * algorithms other than ES256/384/512. The token's characters are already known to be base64url.
   */
  static boolean wellSized(String alg, String token) {
    int bytes = switch (alg) {
      case "ES256" -> 64;
      case "ES384" -> 96;
      case "ES512" -> 132;
      default -> 0;
    };
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
}
