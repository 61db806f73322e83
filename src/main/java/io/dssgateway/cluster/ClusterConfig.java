package io.dssgateway.cluster;

import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;
import java.util.List;

/** The cluster's typed configuration (see {@link ClusterSettings}). */
public record ClusterConfig(
    boolean enabled,
    String name,
    String host,
    int port,
    int eventBusPort,
    List<String> members,
    String kubernetesServiceDns,
    long failureTimeoutMillis) {

  public static ClusterConfig from(AppConfig c) {
    ClusterConfig cc =
        new ClusterConfig(
            c.bool(ClusterSettings.ENABLED),
            c.string(ClusterSettings.NAME),
            c.string(ClusterSettings.HOST),
            c.integer(ClusterSettings.PORT_SETTING),
            c.integer(ClusterSettings.EVENT_BUS_PORT),
            c.list(ClusterSettings.MEMBERS),
            c.string(ClusterSettings.KUBERNETES_SERVICE_DNS),
            c.millis(ClusterSettings.FAILURE_TIMEOUT));
    if (cc.enabled() && cc.failureTimeoutMillis() < 1000) {
      throw new ConfigError(
          "cluster.failure-timeout-ms (DSS_CLUSTER_FAILURE_TIMEOUT_MS) must be at least 1000");
    }
    return cc;
  }
}
