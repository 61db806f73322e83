package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;

import org.junit.jupiter.api.AfterEach;

/** A test class that starts one {@link TestGateway} per test; stopped after each. */
abstract class GatewayTestBase {

  static final String LED = "subscription_type=datapoint&dsn=" + LED_DSN;

  TestGateway gw;

  @AfterEach
  void stopGateway() {
    if (gw != null) {
      gw.stop();
    }
  }
}
