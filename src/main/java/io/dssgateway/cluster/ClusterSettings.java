package io.dssgateway.cluster;

import static io.dssgateway.config.Setting.Kind.BOOL;
import static io.dssgateway.config.Setting.Kind.LIST;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.PORT;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Several replicas as one: Vert.x clustered on Hazelcast (off by default: a single node starts no cluster). */
public final class ClusterSettings {

  public static final Setting ENABLED =
      Setting.of(
          "cluster.enabled",
          BOOL,
          false,
          "Join a cluster of replicas (Vert.x clustered event bus on Hazelcast); requires `secrets.key`");
  public static final Setting NAME =
      Setting.of(
          "cluster.name",
          STRING,
          "dss-gateway",
          "Cluster name: members with another name never join (two clusters on one network stay apart)");
  public static final Setting HOST =
      Setting.of(
          "cluster.host",
          STRING,
          "127.0.0.1",
          "Address this member binds and announces to the others (the pod IP on Kubernetes)");
  public static final Setting PORT_SETTING =
      Setting.of("cluster.port", PORT, 5701, "Hazelcast member port (0 = any free port)");
  public static final Setting EVENT_BUS_PORT =
      Setting.of(
          "cluster.event-bus-port",
          PORT,
          5702,
          "Port of the clustered event bus, which carries events between replicas (0 = any free port)");
  public static final Setting MEMBERS =
      Setting.of(
          "cluster.members",
          LIST,
          "",
          "Comma-separated `host:port` of members to find by TCP-IP (VMs, tests); multicast is never used");
  public static final Setting KUBERNETES_SERVICE_DNS =
      Setting.of(
          "cluster.kubernetes-service-dns",
          STRING,
          null,
          "DNS name of the headless Service whose addresses are the members (Kubernetes); overrides `cluster.members`");
  public static final Setting FAILURE_TIMEOUT =
      Setting.of(
          "cluster.failure-timeout-ms",
          MILLIS,
          5000,
          "When a silent member is declared dead and its streams are taken over");

  public static final List<Setting> ALL =
      List.of(
          ENABLED,
          NAME,
          HOST,
          PORT_SETTING,
          EVENT_BUS_PORT,
          MEMBERS,
          KUBERNETES_SERVICE_DNS,
          FAILURE_TIMEOUT);

  private ClusterSettings() {}
}
