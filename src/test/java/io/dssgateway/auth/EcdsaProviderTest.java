package io.dssgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

/** The ECDSA provider checks ES256/384/512 signatures the JDK made, refuses tampered ones, verifies only and stays out of the JVM's list. */
class EcdsaProviderTest {

  @Test
  void verifiesWhatTheJdkSignsAndRefusesATamperedMessageOrSignature() throws Exception {
    for (String[] c :
        new String[][] {
          {"secp256r1", "SHA256withECDSA"},
          {"secp384r1", "SHA384withECDSA"},
          {"secp521r1", "SHA512withECDSA"}
        }) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
      generator.initialize(new ECGenParameterSpec(c[0]));
      KeyPair keys = generator.generateKeyPair();
      Signature jdk = Signature.getInstance(c[1], "SunEC");
      jdk.initSign(keys.getPrivate());
      byte[] message = "header.claims".getBytes(StandardCharsets.US_ASCII);
      jdk.update(message);
      byte[] signature = jdk.sign();

      assertThat(verify(c[1], keys, message, signature)).as(c[1]).isTrue();
      assertThat(verify(c[1], keys, "header.claimz".getBytes(StandardCharsets.US_ASCII), signature))
          .as(c[1] + " other message")
          .isFalse();
      byte[] tampered = signature.clone();
      tampered[tampered.length - 1] ^= 1;
      assertThat(verify(c[1], keys, message, tampered)).as(c[1] + " tampered signature").isFalse();
    }
  }

  @Test
  void theNativeAndTheBouncyCastleChecksAgree() throws Exception {
    Object[][] cases = {
      {"secp256r1", "SHA256withECDSA"},
      {"secp384r1", "SHA384withECDSA"},
      {"secp521r1", "SHA512withECDSA"}
    };
    for (Object[] c : cases) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
      generator.initialize(new ECGenParameterSpec((String) c[0]));
      KeyPair keys = generator.generateKeyPair();
      Signature jdk = Signature.getInstance((String) c[1], "SunEC");
      jdk.initSign(keys.getPrivate());
      byte[] message = "header.claims".getBytes(StandardCharsets.US_ASCII);
      jdk.update(message);
      byte[] signature = jdk.sign();
      byte[] tampered = signature.clone();
      tampered[tampered.length - 1] ^= 1;
      for (java.security.Provider nativeProvider :
          new java.security.Provider[] {NativeEcdsa.provider(), null}) {
        EcdsaVerifierSpi spi =
            switch ((String) c[0]) {
              case "secp256r1" -> new EcdsaVerifierSpi.P256(nativeProvider);
              case "secp384r1" -> new EcdsaVerifierSpi.P384(nativeProvider);
              default -> new EcdsaVerifierSpi.P521(nativeProvider);
            };
        String path = c[1] + (spi.isNative() ? " native" : " Bouncy Castle");
        assertThat(check(spi, keys, message, signature)).as(path).isTrue();
        assertThat(check(spi, keys, "header.claimz".getBytes(StandardCharsets.US_ASCII), signature))
            .as(path + " other message")
            .isFalse();
        assertThat(check(spi, keys, message, tampered)).as(path + " tampered").isFalse();
      }
    }
  }

  @Test
  void onLinuxX8664TheChecksAreNative() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("os.name").startsWith("Linux")
            && System.getProperty("os.arch").equals("amd64"),
        "the native library ships for Linux x86-64 only");
    assertThat(NativeEcdsa.provider()).as("native ECDSA provider").isNotNull();
    assertThat(new EcdsaVerifierSpi.P256().isNative()).isTrue();
  }

  private static boolean check(EcdsaVerifierSpi spi, KeyPair keys, byte[] message, byte[] signature)
      throws Exception {
    spi.engineInitVerify(keys.getPublic());
    spi.engineUpdate(message, 0, message.length);
    try {
      return spi.engineVerify(signature);
    } catch (java.security.SignatureException malformed) {
      return false;
    }
  }

  @Test
  void verifiesOnlyAndIsNeverInstalled() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Signature signer = Signature.getInstance("SHA256withECDSA", EcdsaProvider.INSTANCE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> signer.initSign(keys.getPrivate()))
        .isInstanceOf(java.security.InvalidKeyException.class);
    assertThat(EcdsaProvider.INSTANCE.getServices())
        .extracting(s -> s.getType() + " " + s.getAlgorithm())
        .containsExactlyInAnyOrder(
            "Signature SHA256withECDSA", "Signature SHA384withECDSA", "Signature SHA512withECDSA");
    assertThat(java.security.Security.getProvider(EcdsaProvider.NAME)).isNull();
    assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo("SunEC");
    assertThat(new SecureRandom().getProvider().getName()).isNotEqualTo(EcdsaProvider.NAME);
  }

  private static boolean verify(String algorithm, KeyPair keys, byte[] message, byte[] signature)
      throws Exception {
    Signature check = Signature.getInstance(algorithm, EcdsaProvider.INSTANCE);
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
