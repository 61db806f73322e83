package io.dssgateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * What a clustered Vert.x needs: Hazelcast with multicast off, TCP-IP members or Kubernetes
 * DNS discovery, a failure timeout in seconds, the event bus bound to {@code cluster.host}.
 */
public final class HazelcastSetup {

  private HazelcastSetup() {}

  /** The Hazelcast member configuration for these settings (Vert.x's own maps and multimap included). */
  public static Config hazelcast(ClusterConfig c) throws IOException {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(c.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty(
        "hazelcast.shutdownhook.enabled",
        "false"); // the gateway's graceful shutdown leaves the cluster
    long seconds = Math.max(1, (c.failureTimeoutMillis() + 999) / 1000);
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(seconds));
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.local.localAddress", c.host());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(freeIfZero(c.port(), c.host())).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(c.host());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (c.kubernetesServiceDns() != null && !c.kubernetesServiceDns().isBlank()) {
      join.getKubernetesConfig()
          .setEnabled(true)
          .setProperty("service-dns", c.kubernetesServiceDns())
          .setProperty("service-port", String.valueOf(c.port()));
    } else {
      join.getTcpIpConfig()
          .setEnabled(true)
          .setMembers(c.members().isEmpty() ? java.util.List.of(c.host()) : c.members());
    }
    return config;
  }

  /** The cluster manager for these settings. */
  public static HazelcastClusterManager clusterManager(ClusterConfig c) throws IOException {
    return new HazelcastClusterManager(hazelcast(c));
  }

  /** The options with the event bus bound to, and announced as, {@code cluster.host}. */
  public static VertxOptions withEventBus(VertxOptions options, ClusterConfig c)
      throws IOException {
    return new VertxOptions(options)
        .setEventBusOptions(
            new EventBusOptions(options.getEventBusOptions())
                .setHost(c.host())
                .setPort(freeIfZero(c.eventBusPort(), c.host()))
                .setClusterPublicHost(c.host()));
  }

  private static int freeIfZero(int port, String host) throws IOException {
    if (port != 0) {
      return port;
    }
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return probe.getLocalPort();
    }
  }
}
