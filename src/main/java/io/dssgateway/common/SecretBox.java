package io.dssgateway.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets (Ayla tokens, stream keys) before they leave the process, into shared cluster state
 * or a store: AES-256-GCM, a fresh 96-bit nonce per value, the nonce and tag travel with it. A value
 * altered or sealed under another key does not open.
 */
public final class SecretBox {

  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** A box for base64 of 32 random bytes (e.g. {@code openssl rand -base64 32}). */
  public static SecretBox fromBase64(String base64Key) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secrets.key is not base64");
    }
    if (raw.length != 32) {
      throw new IllegalArgumentException(
          "secrets.key must be 32 bytes (base64 of 32 random bytes), not " + raw.length);
    }
    return new SecretBox(raw);
  }

  /** A box with a new random key, and that key in base64. */
  public static String newKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  public String seal(String plaintext) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plaintext; fails when the value was altered or sealed under another key. */
  public String open(String sealed) {
    if (sealed == null || !sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      if (in.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new IllegalArgumentException("sealed value too short");
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      return new String(
          cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "sealed value does not open with this key (altered, or another key)");
    }
  }

  /** Seals {@code secret} bound to {@code context} (e.g. its row's id): moved to another row, it does not open. */
  public String seal(String context, String secret) {
    return seal(context + '\n' + secret);
  }

  /** The secret sealed for {@code context}; fails when altered, under another key, or sealed for another context. */
  public String open(String context, String sealed) {
    String plain = open(sealed);
    if (!plain.startsWith(context + '\n')) {
      throw new IllegalArgumentException("sealed value belongs to another record");
    }
    return plain.substring(context.length() + 1);
  }

  /** Whether a stored value is sealed (anything else is a clear value written before sealing). */
  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  @Override
  public String toString() {
    return "SecretBox[AES-256-GCM]";
  }
}
