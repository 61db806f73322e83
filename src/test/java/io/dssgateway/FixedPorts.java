package io.dssgateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports to be bound later (and again after a restart) by a process of a test. A port the OS
 * gives for {@code bind(0)} lies in the ephemeral range, where any outgoing connection made in the
 * meantime may take it ("Address already in use" at start-up); these lie below that range.
 */
public final class FixedPorts {

  private static final int LOWEST = 10_000;

  private FixedPorts() {}

  public static int free() throws IOException {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between " + LOWEST + " and " + below);
  }

  private static int ephemeralLow() {
    try {
      int low =
          Integer.parseInt(
              Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                  .trim()
                  .split("\\s+")[0]);
      return low > LOWEST + 1000 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768; // Linux's default lower bound
    }
  }
}
