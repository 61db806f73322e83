package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Ready-made readiness checks for {@link HealthRoutes#check}. */
public final class ReadinessChecks {

  private ReadinessChecks() {}

  /** Passes while the condition holds (e.g. "the HTTP server is bound", "the cluster is joined"). */
  public static Supplier<Future<?>> condition(String whatIsWrong, BooleanSupplier condition) {
    return () ->
        condition.getAsBoolean() ? Future.succeededFuture() : Future.failedFuture(whatIsWrong);
  }

  /**
   * Passes when a TCP connection to host:port opens (the simulator, the Ayla host): a cheap probe
   * that needs no credentials. The connection is closed at once.
   */
  public static Supplier<Future<?>> tcpReachable(
      Vertx vertx, String host, int port, int connectTimeoutMillis) {
    NetClient client =
        vertx.createNetClient(new NetClientOptions().setConnectTimeout(connectTimeoutMillis));
    return () ->
        client
            .connect(port, host)
            .compose(socket -> socket.close())
            .recover(err -> Future.failedFuture(host + ":" + port + " unreachable"));
  }
}
