package io.dssgateway.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;

/** The cluster manager a clustered Vert.x runs with (members, node id), which Vert.x's public API does not expose. */
public final class ClusterManagers {

  private ClusterManagers() {}

  /** The cluster manager of a clustered {@code vertx}; null when it is not clustered. */
  public static ClusterManager of(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }
}
