package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;

import io.dssgateway.Eventually;
import io.dssgateway.common.SecretBox;
import io.dssgateway.ops.Application;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A clustered replica whose hold on a stream fails after it created the Ayla subscription (here:
 * it shuts down while the DSS socket still cannot connect) deletes that subscription rather than
 * leaving it behind unrecorded, where no member would ever find it to delete.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusteredHoldTest {

  @Test
  void aHoldThatFailsAfterCreatingTheSubscriptionDeletesIt() throws Exception {
    Vertx simVertx = Vertx.vertx();
    Application simulator = TestGateway.startSimulator(simVertx);
    ClusterMembers cluster = ClusterMembers.start(1, Duration.ofSeconds(30));
    int unreachable;
    try (ServerSocket probe = new ServerSocket(0)) {
      unreachable = probe.getLocalPort();
    }
    TestGateway gateway =
        TestGateway.gatewayFor(
            cluster.nodes.get(0),
            simulator.simulatorPort(),
            Map.of(
                "secrets.key",
                SecretBox.newKey(),
                "cluster.enabled",
                "true",
                "ayla.dss-ws-url",
                "ws://127.0.0.1:" + unreachable + "/stream"));
    try {
      String jwt = gateway.loginDemo();
      SseClient.open(
          gateway.sse,
          gateway.port,
          "/events?subscription_type=datapoint&dsn=" + LED_DSN,
          Map.of("Authorization", "Bearer " + jwt));
      Eventually.until(
          "the replica created the Ayla subscription",
          Duration.ofSeconds(20),
          () -> gateway.simStats().getInteger("subscriptions") == 1);

      gateway.shutdownGateway();

      Eventually.until(
          "the subscription the failed hold created is deleted",
          Duration.ofSeconds(10),
          () -> gateway.simStats().getInteger("subscriptions") == 0);
    } finally {
      gateway.stop();
      cluster.close();
      simulator.shutdown().await();
      simVertx.close().await();
    }
  }
}
