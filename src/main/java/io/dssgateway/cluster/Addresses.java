package io.dssgateway.cluster;

import io.dssgateway.hub.StreamKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Event-bus addresses of a stream: a hash of its canonical key, so no user or filter shows in an address. */
final class Addresses {

  String events(StreamKey key) {
    return "dss.events." + hash(key);
  }

  /** The holder's DSS socket going down ({@code reconnecting}) and live again ({@code live}). */
  String health(StreamKey key) {
    return "dss.health." + hash(key);
  }

  String replay(StreamKey key) {
    return "dss.replay." + hash(key);
  }

  private static String hash(StreamKey key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(key.canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
