package io.dssgateway.ops;

import io.dssgateway.vertx.ClusterManagers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.healthchecks.Status;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import java.util.function.Supplier;

/** What the probes and metrics see of the cluster: whether it is safe to serve, and how many members it has. */
final class ClusterProbes {

  static final String NOT_SAFE =
      "cluster not safe: a member is joining or leaving, or shared data is migrating";

  private ClusterProbes() {}

  /**
   * The readiness check of a clustered Vert.x: vertx-hazelcast's {@link ClusterHealthCheck}, which
   * passes when this member is in the cluster, no partition is migrating and every backup is in sync
   * (Hazelcast's {@code isClusterSafe}). A failure carries a cause, as the other checks do.
   */
  static Supplier<Future<?>> ready(Vertx vertx) {
    Handler<Promise<Status>> procedure = ClusterHealthCheck.createProcedure(vertx);
    return () -> {
      Promise<Status> status = Promise.promise();
      procedure.handle(status);
      return status
          .future()
          .compose(s -> s.isOk() ? Future.succeededFuture() : Future.failedFuture(NOT_SAFE));
    };
  }

  /**
   * Members of the cluster as this member sees them: 1 when not clustered (this process alone),
   * 0 once it has left the cluster (shutting down).
   */
  static int members(Vertx vertx) {
    if (!vertx.isClustered()) {
      return 1;
    }
    ClusterManager manager = ClusterManagers.of(vertx);
    try {
      return manager.isActive() ? manager.getNodes().size() : 0;
    } catch (RuntimeException leftMeanwhile) { // Hazelcast stopped between the two calls
      return 0;
    }
  }
}
