package io.dssgateway.demo;

import io.dssgateway.ops.Application;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The whole product started in-process (gateway, embedded simulator, the repository's
 * {@code webroot/}) and a headless Chromium pointed at it.
 */
final class DemoHarness implements AutoCloseable {

  static final Path BASEDIR = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();

  final Vertx vertx = Vertx.vertx();
  final Application app;
  final SimControl sim;
  final ChromeDriver driver;

  /** @param overrides settings on top of the test defaults */
  DemoHarness(Path tmp, Map<String, String> overrides) throws IOException {
    Map<String, String> settings = gatewaySettings(tmp, freePort());
    settings.put("role", "all");
    settings.put("sim.port", "0");
    settings.put("sim.ack-delay-ms", "100");
    settings.putAll(overrides);
    app = new Application(vertx, GatewaySettings.config(settings)).start().await();
    sim = new SimControl(app.simulatorPort());
    try {
      driver = HeadlessChromium.start(tmp, 1280, 1500);
    } catch (IOException | RuntimeException e) {
      app.shutdown().eventually(vertx::close).await();
      throw e;
    }
  }

  String url() {
    return "http://127.0.0.1:" + app.gatewayPort() + "/";
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      app.shutdown().eventually(vertx::close).await();
    }
  }

  /** A gateway on 127.0.0.1:{@code port} with its store under {@code tmp}, serving the repository's webroot. */
  static Map<String, String> gatewaySettings(Path tmp, int port) {
    return new HashMap<>(
        Map.of(
            "http.host", "127.0.0.1",
            // http.port=0 fails on a multi-core machine (the extra server instances rebind the
            // port; reported)
            "http.port", String.valueOf(port),
            "hub.store-path", tmp.resolve("gateway").toString(),
            // relative: the gateway's StaticHandler refuses an absolute root
            "http.webroot",
                Path.of("").toAbsolutePath().relativize(BASEDIR.resolve("webroot")).toString(),
            "log.access", "false"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
