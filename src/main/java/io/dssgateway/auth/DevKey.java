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
  static final String FINGERPRINT =
      "c50a4fbf766e9666300594397ea55cf066fef6a64385f6b41e36376f9b2aa82e";

  private DevKey() {}

  static boolean is(PublicKey key) {
    try {
      return FINGERPRINT.equals(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
