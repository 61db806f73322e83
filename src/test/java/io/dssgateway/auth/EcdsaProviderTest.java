package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The ECDSA provider checks ES256/384/512 signatures the JDK made, refuses tampered ones, and takes nothing else. */
class EcdsaProviderTest {

  @Test
  void verifiesWhatTheJdkSignsAndRefusesATamperedMessageOrSignature() throws Exception {
    EcdsaProvider.install();
    for (String[] c : new String[][] {{"secp256r1", "SHA256withECDSA"}, {"secp384r1", "SHA384withECDSA"}, {"secp521r1", "SHA512withECDSA"}}) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
      generator.initialize(new ECGenParameterSpec(c[0]));
      KeyPair keys = generator.generateKeyPair();
      Signature jdk = Signature.getInstance(c[1], "SunEC");
      jdk.initSign(keys.getPrivate());
      byte[] message = "header.claims".getBytes(StandardCharsets.US_ASCII);
      jdk.update(message);
      byte[] signature = jdk.sign();

      assertThat(verify(c[1], keys, message, signature)).as(c[1]).isTrue();
      assertThat(verify(c[1], keys, "header.claimz".getBytes(StandardCharsets.US_ASCII), signature)).as(c[1] + " other message").isFalse();
      byte[] tampered = signature.clone();
      tampered[tampered.length - 1] ^= 1;
      assertThat(verify(c[1], keys, message, tampered)).as(c[1] + " tampered signature").isFalse();
    }
  }

  @Test
  void signingFallsThroughToTheJdk() throws Exception {
    EcdsaProvider.install();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    assertThat(signer.getProvider().getName()).isEqualTo("SunEC");
    assertThat(verify("SHA256withECDSA", keys, new byte[] {1, 2, 3}, signature)).isTrue();
  }

  @Test
  void takesOnlyTheEcdsaSignatures() throws Exception {
    EcdsaProvider.install();
    assertThat(new SecureRandom().getProvider().getName()).isNotEqualTo(EcdsaProvider.NAME);
    assertThat(KeyPairGenerator.getInstance("EC").getProvider().getName()).isNotEqualTo(EcdsaProvider.NAME);
  }

  private static boolean verify(String algorithm, KeyPair keys, byte[] message, byte[] signature) throws Exception {
    Signature check = Signature.getInstance(algorithm);
    check.initVerify(keys.getPublic());
    assertThat(check.getProvider().getName()).isEqualTo(EcdsaProvider.NAME);
    check.update(message);
    try {
      return check.verify(signature);
    } catch (java.security.SignatureException malformed) {
      return false;
    }
  }
}
