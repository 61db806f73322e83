package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** An ECDSA signature is R||S of exactly the curve's size, in canonical base64url; other algorithms are left to the library. */
class JoseSignatureTest {

  private static final String SIGNING_INPUT = "eyJhbGciOiJFUzI1NiJ9.e30.";

  private static String withSignatureOf(int bytes, byte last) {
    byte[] signature = new byte[bytes];
    signature[bytes - 1] = last;
    return SIGNING_INPUT + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  @Test
  void eachCurveTakesExactlyTwiceItsSize() {
    for (Object[] c : new Object[][] {{"ES256", 64}, {"ES384", 96}, {"ES512", 132}}) {
      String alg = (String) c[0];
      int size = (int) c[1];
      assertThat(JoseSignature.wellSized(alg, withSignatureOf(size, (byte) 0xff))).as(alg).isTrue();
      for (int other : new int[] {size - 1, size + 1, size + 2, 2 * size, 8, 0}) {
        assertThat(
                JoseSignature.wellSized(
                    alg,
                    other == 0 ? SIGNING_INPUT : withSignatureOf(Math.max(other, 1), (byte) 1)))
            .as(alg + " of " + other + " bytes")
            .isFalse();
      }
    }
  }

  @Test
  void bitsPastTheLastByteMustBeZero() {
    String canonical =
        withSignatureOf(64, (byte) 0xff); // 86 characters, the last carrying 4 unused bits
    char last = canonical.charAt(canonical.length() - 1);
    assertThat(last).isEqualTo('w');
    assertThat(
            JoseSignature.wellSized("ES256", canonical.substring(0, canonical.length() - 1) + 'x'))
        .isFalse();
    assertThat(
            JoseSignature.wellSized("ES256", canonical.substring(0, canonical.length() - 1) + '_'))
        .isFalse();
  }

  @Test
  void otherAlgorithmsAreNotJudgedHere() {
    assertThat(JoseSignature.wellSized("RS256", SIGNING_INPUT + "c2ln")).isTrue();
    assertThat(JoseSignature.wellSized("HS256", SIGNING_INPUT)).isTrue();
  }

  @Test
  void rAndSBecomeTheDerTheJdkVerifies() throws Exception {
    for (String[] c :
        new String[][] {
          {"secp256r1", "SHA256withECDSA"},
          {"secp384r1", "SHA384withECDSA"},
          {"secp521r1", "SHA512withECDSA"}
        }) {
      java.security.KeyPairGenerator generator =
          java.security.KeyPairGenerator.getInstance("EC", "SunEC");
      generator.initialize(new java.security.spec.ECGenParameterSpec(c[0]));
      java.security.KeyPair keys = generator.generateKeyPair();
      for (int i = 0; i < 40; i++) { // high bits set and not, a leading zero now and then
        byte[] message = ("message " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.security.Signature signer =
            java.security.Signature.getInstance(c[1] + "inP1363Format", "SunEC");
        signer.initSign(keys.getPrivate());
        signer.update(message);
        byte[] rs = signer.sign();
        java.security.Signature der = java.security.Signature.getInstance(c[1], "SunEC");
        der.initVerify(keys.getPublic());
        der.update(message);
        assertThat(der.verify(JoseSignature.toDer(rs))).as(c[1] + " #" + i).isTrue();
      }
    }
  }
}
