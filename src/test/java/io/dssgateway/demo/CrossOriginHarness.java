package io.dssgateway.demo;

import io.dssgateway.ops.Application;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A simulator on its own, a gateway in front of it that can be stopped and started again on the
 * same port and data directory (a restart), a web site on another origin listed in the gateway's
 * {@code http.cors-origins}, and a headless Chromium.
 */
final class CrossOriginHarness implements AutoCloseable {

  final Vertx vertx = Vertx.vertx();
  final SimControl sim;
  final ChromeDriver driver;
  private final Application simulator;
  private final PageServer site;
  private final Map<String, String> gatewaySettings;
  private Application gateway;

  /** @param overrides gateway settings on top of the test defaults */
  CrossOriginHarness(Path tmp, Map<String, String> overrides) throws IOException {
    simulator =
        new Application(
                vertx,
                GatewaySettings.config(
                    Map.of(
                        "role",
                        "simulator",
                        "sim.host",
                        "127.0.0.1",
                        "sim.port",
                        "0",
                        "hub.store-path",
                        "mem",
                        "log.access",
                        "false")))
            .start()
            .await();
    sim = new SimControl(simulator.simulatorPort());
    int port =
        io.dssgateway.FixedPorts
            .free(); // bound again on the restart: below the ephemeral range, no outgoing
    // connection takes it
    site = PageServer.start(vertx, "http://127.0.0.1:" + port);
    gatewaySettings = DemoHarness.gatewaySettings(tmp, port);
    String ayla = "http://127.0.0.1:" + simulator.simulatorPort();
    gatewaySettings.putAll(
        Map.of(
            "role",
            "gateway",
            "ayla.user-url",
            ayla,
            "ayla.ads-url",
            ayla,
            "ayla.dss-url",
            ayla,
            "ayla.dss-ws-url",
            "ws://127.0.0.1:" + simulator.simulatorPort() + "/stream",
            "http.cors-origins",
            site.origin()));
    gatewaySettings.putAll(overrides);
    startGateway();
    try {
      driver = HeadlessChromium.start(tmp, 1000, 800);
    } catch (IOException | RuntimeException e) {
      stopServers();
      throw e;
    }
  }

  /**
   * The test page on the other origin, streaming datapoints of one device property.
   *
   * @param token {@code fresh}: its token() signs in again for each connection; {@code fixed}: it gives the first JWT
   * @param snapshot the stream's {@code snapshot} option
   */
  String pageUrl(String dsn, String property, String token, boolean snapshot) {
    return pageUrl(dsn, property, token, String.valueOf(snapshot));
  }

  /** The page with {@code snapshot=} any value the page passes on ({@code true}, {@code always}, ...) and more parameters after it. */
  String pageUrl(String dsn, String property, String token, String snapshot) {
    return site.origin()
        + "/?dsn="
        + dsn
        + "&property="
        + property
        + "&token="
        + token
        + "&snapshot="
        + snapshot;
  }

  /** Shuts the gateway down the way an operator's restart does (its streams get {@code event: shutdown}). */
  void stopGateway() {
    gateway.shutdown().await();
    gateway = null;
  }

  /** Starts the gateway unless it is running. */
  void startGateway() {
    if (gateway != null) {
      return;
    }
    gateway = new Application(vertx, GatewaySettings.config(gatewaySettings)).start().await();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      stopServers();
    }
  }

  private void stopServers() {
    try {
      if (gateway != null) {
        gateway.shutdown().await();
      }
      site.close();
      simulator.shutdown().await();
    } finally {
      vertx.close().await();
    }
  }
}
