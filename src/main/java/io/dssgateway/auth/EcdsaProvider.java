package io.dssgateway.auth;

import java.security.Provider;

/**
 * A JCA provider offering only the verification of the ECDSA signatures of ES256, ES384 and ES512
 * ({@link EcdsaVerifierSpi}: natively, or on Bouncy Castle's signer and curve arithmetic). Checking
 * a P-256 signature costs a fraction of what the JDK 17 provider spends, and admitting a crowd of
 * browsers that each present an ES256 token is bound by that check. Used by instance for token
 * checks only ({@link EcdsaSignatures}), never installed: the JVM's providers, and with them TLS and
 * every library's ECDSA, stay as they are.
 */
final class EcdsaProvider extends Provider {

  static final String NAME = "DssGatewayEcdsa";
  static final EcdsaProvider INSTANCE = new EcdsaProvider();

  private EcdsaProvider() {
    super(NAME, "1.0", "ECDSA signature verification (SHA256/384/512withECDSA) by Bouncy Castle");
    signature("SHA256withECDSA", EcdsaVerifierSpi.P256.class);
    signature("SHA384withECDSA", EcdsaVerifierSpi.P384.class);
    signature("SHA512withECDSA", EcdsaVerifierSpi.P521.class);
  }

  private void signature(String algorithm, Class<? extends EcdsaVerifierSpi> spi) {
    putService(new Service(this, "Signature", algorithm, spi.getName(), null, null));
  }
}
