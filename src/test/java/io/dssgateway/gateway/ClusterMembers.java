package io.dssgateway.gateway;

import io.dssgateway.Eventually;
import io.dssgateway.cluster.ClusterConfig;
import io.dssgateway.cluster.HazelcastSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Clustered Vert.x instances in this JVM, joined over TCP-IP on loopback: free member ports picked
 * here and listed in {@code cluster.members}, a cluster name of their own so parallel runs never merge.
 */
final class ClusterMembers implements AutoCloseable {

  final List<Vertx> nodes;

  private ClusterMembers(List<Vertx> nodes) {
    this.nodes = nodes;
  }

  /** {@code size} members, started together; returns once every one sees all of them. */
  static ClusterMembers start(int size, Duration deadline) throws IOException {
    String name = "dss-test-" + UUID.randomUUID();
    List<String> members = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
      members.add("127.0.0.1:" + ports.get(i));
    }
    List<Future<Vertx>> starting = new ArrayList<>();
    for (int port : ports) {
      ClusterConfig c = new ClusterConfig(true, name, "127.0.0.1", port, 0, members, null, 5000);
      starting.add(
          Vertx.builder()
              .with(HazelcastSetup.withEventBus(new VertxOptions(), c))
              .withClusterManager(HazelcastSetup.clusterManager(c))
              .buildClustered());
    }
    try {
      Future.join(starting).await();
    } catch (RuntimeException e) {
      starting.stream().filter(Future::succeeded).forEach(f -> f.result().close().await());
      throw e;
    }
    ClusterMembers cluster = new ClusterMembers(starting.stream().map(Future::result).toList());
    try {
      Eventually.until(
          "all " + size + " members see each other",
          deadline,
          () ->
              cluster.nodes.stream()
                  .allMatch(v -> ((VertxInternal) v).clusterManager().getNodes().size() == size));
    } catch (AssertionError e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  @Override
  public void close() {
    Future.join(nodes.stream().map(Vertx::close).toList()).await();
  }

  private static int freePort() throws IOException {
    return io.dssgateway.FixedPorts
        .free(); // below the ephemeral range: no outgoing connection takes it meanwhile
  }
}
