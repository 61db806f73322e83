package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shipped jar carries Netty's native epoll transport, and the gateway's Vert.x uses it. */
class NativeTransportTest {

  @Test
  void onLinuxX8664TheGatewaysVertxRunsOnNativeEpoll() throws Exception {
    Assumptions.assumeTrue(
        System.getProperty("os.name").startsWith("Linux")
            && System.getProperty("os.arch").equals("amd64"),
        "the native transport ships for Linux x86-64 only");
    Vertx vertx =
        Main.vertx(GatewaySettings.config(Map.of()), new GatewayMetrics())
            .await(30, TimeUnit.SECONDS);
    try {
      assertThat(vertx.isNativeTransportEnabled())
          .as("native transport (cause if not: %s)", vertx.unavailableNativeTransportCause())
          .isTrue();
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
