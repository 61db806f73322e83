package io.dssgateway.auth;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks the ECDSA signature of a JWS (ES256, ES384, ES512: R||S) with {@link EcdsaProvider}'s
 * verifiers, one per algorithm and thread, so each event loop reuses its own.
 */
final class EcdsaSignatures {

  private static final ThreadLocal<Map<String, Signature>> VERIFIERS =
      ThreadLocal.withInitial(HashMap::new);

  private EcdsaSignatures() {}

  /** Whether {@code alg} is one of the JWS ECDSA algorithms checked here. */
  static boolean handles(String alg) {
    return jcaName(alg) != null;
  }

  /** Whether {@code rs} (R||S of exactly the curve's size) is {@code key}'s signature of {@code signed} under {@code alg}. */
  static boolean verify(String alg, PublicKey key, byte[] signed, byte[] rs) {
    String jca = jcaName(alg);
    if (jca == null || rs.length != JoseSignature.size(alg)) {
      return false;
    }
    try {
      Signature check = VERIFIERS.get().get(jca);
      if (check == null) {
        check = Signature.getInstance(jca, EcdsaProvider.INSTANCE);
        VERIFIERS.get().put(jca, check);
      }
      check.initVerify(key);
      check.update(signed);
      return check.verify(JoseSignature.toDer(rs));
    } catch (GeneralSecurityException e) {
      return false; // a key of another curve, a signature out of range
    }
  }

  private static String jcaName(String alg) {
    return switch (alg) {
      case "ES256" -> "SHA256withECDSA";
      case "ES384" -> "SHA384withECDSA";
      case "ES512" -> "SHA512withECDSA";
      default -> null;
    };
  }
}
