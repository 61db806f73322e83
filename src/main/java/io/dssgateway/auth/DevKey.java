package io.dssgateway.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;

/**
 * Recognises the JWT key pair shipped in {@code conf/dev-keys} (public, in the repository: anyone
 * can sign tokens with it), by the SHA-256 of its public key, wherever the files were copied to.
 */
final class DevKey {

  /** SHA-256 of the DER (X.509 SubjectPublicKeyInfo) of {@code conf/dev-keys/jwt-dev-public.pem}. */
  static final String FINGERPRINT = "2e06e63fa2d0ea17f2739b20b4e460072d0cbb7d76e3dd2a63dd889d2c4642de";

  private DevKey() {
  }

  static boolean is(PublicKey key) {
    try {
      return FINGERPRINT.equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
