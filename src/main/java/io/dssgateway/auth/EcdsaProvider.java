package io.dssgateway.auth;

import java.security.Provider;
import java.security.Security;

/**
 * A JCA provider offering only the verification of the ECDSA signatures of ES256, ES384 and ES512
 * ({@link EcdsaVerifierSpi}, on Bouncy Castle's signer and curve arithmetic), placed first so the
 * JWT library's {@code Signature.getInstance} picks it. Checking a P-256 signature then costs a
 * fraction of what the JDK 17 provider spends, and admitting a crowd of browsers that each present
 * an ES256 token is bound by that check. Signing falls through to the JDK's provider, as does
 * everything else (key factories, random numbers, TLS); Bouncy Castle's own provider is not
 * registered.
 */
public final class EcdsaProvider extends Provider {

  static final String NAME = "DssGatewayEcdsa";

  private EcdsaProvider() {
    super(NAME, "1.0", "ECDSA signature verification (SHA256/384/512withECDSA) by Bouncy Castle");
    signature("SHA256withECDSA", EcdsaVerifierSpi.P256.class);
    signature("SHA384withECDSA", EcdsaVerifierSpi.P384.class);
    signature("SHA512withECDSA", EcdsaVerifierSpi.P521.class);
  }

  private void signature(String algorithm, Class<? extends EcdsaVerifierSpi> spi) {
    putService(new Service(this, "Signature", algorithm, spi.getName(), null, null));
  }

  /** Installs the provider in first place, once per JVM. */
  public static synchronized void install() {
    if (Security.getProvider(NAME) == null) {
      Security.insertProviderAt(new EcdsaProvider(), 1);
    }
  }
}
