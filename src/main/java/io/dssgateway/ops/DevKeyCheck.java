package io.dssgateway.ops;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.config.ConfigError;
import io.dssgateway.upstream.AylaEndpoints;
import java.net.URI;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled JWT key of {@code conf/dev-keys} is public: whoever has the repository can sign a
 * token the gateway accepts. With it a gateway says so loudly at every start, and a gateway in front
 * of a real Ayla (any non-loopback URL), whatever its role, refuses to start unless
 * {@code auth.jwt.allow-dev-key} says that is intended; the embedded simulator is on loopback.
 */
final class DevKeyCheck {

  private static final Logger LOG = LoggerFactory.getLogger(DevKeyCheck.class);

  private DevKeyCheck() {}

  static void check(boolean devKey, AylaEndpoints ayla, boolean allowed) {
    if (!devKey) {
      return;
    }
    boolean realAyla =
        Stream.of(ayla.userUrl(), ayla.adsUrl(), ayla.dssUrl(), ayla.dssWsUrl())
            .anyMatch(u -> !loopback(u));
    if (realAyla && !allowed) {
      throw new ConfigError(
          "the JWT key is the public DEV-ONLY key of conf/dev-keys (anyone can forge tokens with it) and this "
              + "gateway talks to a real Ayla: set "
              + AuthSettings.JWT_PRIVATE_KEY_FILE.envName()
              + " and "
              + AuthSettings.JWT_PUBLIC_KEY_FILE.envName()
              + " to your own key pair (or "
              + AuthSettings.JWT_ALLOW_DEV_KEY.envName()
              + "=true if this is really intended)");
    }
    LOG.warn(
        """
        *****************************************************************************************
        *  DEV-ONLY JWT KEY IN USE (conf/dev-keys): its private key is public, anyone can forge  *
        *  gateway tokens. Generate your own pair and set DSS_AUTH_JWT_PRIVATE_KEY_FILE and      *
        *  DSS_AUTH_JWT_PUBLIC_KEY_FILE before exposing this gateway.                            *
        *****************************************************************************************""");
  }

  private static boolean loopback(String url) {
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    // literals only: no name lookup at start-up
    return host != null
        && ("localhost".equalsIgnoreCase(host)
            || host.startsWith("127.")
            || host.equals("[::1]")
            || host.equals("::1"));
  }
}
