package io.dssgateway.auth;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native ECDSA verification of the Amazon Corretto Crypto Provider (AWS-LC), when its library
 * loads and passes its self-tests on this machine (Linux x86-64): a P-256 check costs ~90 µs there
 * whatever the JIT, against ~280 µs on Bouncy Castle under the shipped C1-only flags. The provider
 * is only used by name for these checks, never installed: nothing else in the JVM changes provider.
 */
final class NativeEcdsa {

  private static final Logger LOG = LoggerFactory.getLogger(NativeEcdsa.class);

  /** {@code -Ddss.native-ecdsa=false} keeps every check on Bouncy Castle. */
  static final String SWITCH = "dss.native-ecdsa";

  private static final Provider PROVIDER = load();

  private NativeEcdsa() {}

  /** The provider, or null when it cannot serve here (then Bouncy Castle checks the signatures). */
  static Provider provider() {
    return PROVIDER;
  }

  private static Provider load() {
    if (!Boolean.parseBoolean(System.getProperty(SWITCH, "true"))) {
      return null;
    }
    try {
      AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
      if (accp.getLoadingError() != null) {
        LOG.info(
            "Native ECDSA unavailable here ({}); token signatures are checked by Bouncy Castle",
            accp.getLoadingError().getMessage());
        return null;
      }
      accp.assertHealthy();
      return accp;
    } catch (RuntimeException | LinkageError e) {
      LOG.info(
          "Native ECDSA unavailable here ({}); token signatures are checked by Bouncy Castle",
          e.toString());
      return null;
    }
  }
}
