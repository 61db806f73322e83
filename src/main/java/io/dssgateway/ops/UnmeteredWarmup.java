package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Vert.x's metrics without the {@link Warmup}'s own HTTP server and client, so the requests the
 * gateway sends itself at start are not counted as traffic. Every other meter is Vert.x's own.
 */
final class UnmeteredWarmup implements VertxMetricsFactory {

  /** The warm-up client's metrics name: no meters for it. */
  static final String CLIENT_NAME = "dss-warm-up";

  private final VertxMetricsFactory metered;
  private final AtomicBoolean creatingServer = new AtomicBoolean();

  UnmeteredWarmup(VertxMetricsFactory metered) {
    this.metered = metered;
  }

  /** Creates the warm-up's HTTP server: the one server created meanwhile gets no meters. */
  <T> Future<T> server(Supplier<Future<T>> create) {
    creatingServer.set(true);
    try {
      return create.get().andThen(done -> creatingServer.set(false));
    } catch (RuntimeException e) {
      creatingServer.set(false);
      throw e;
    }
  }

  @Override
  public MetricsOptions newOptions() {
    return metered.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return metered.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(io.vertx.core.json.JsonObject json) {
    return metered.newOptions(json);
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    VertxMetrics vertx = metered.metrics(options);
    return new VertxMetrics() {
      @Override
      public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions o, SocketAddress localAddress) {
        return creatingServer.compareAndSet(true, false) ? null : vertx.createHttpServerMetrics(o, localAddress);
      }

      @Override
      public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions o) {
        return CLIENT_NAME.equals(o.getMetricsName()) ? null : vertx.createHttpClientMetrics(o);
      }

      @Override
      public EventBusMetrics createEventBusMetrics() {
        return vertx.createEventBusMetrics();
      }

      @Override
      public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
        return vertx.createClientMetrics(remoteAddress, type, namespace);
      }

      @Override
      public TCPMetrics<?> createNetServerMetrics(NetServerOptions o, SocketAddress localAddress) {
        return vertx.createNetServerMetrics(o, localAddress);
      }

      @Override
      public TCPMetrics<?> createNetClientMetrics(NetClientOptions o) {
        return vertx.createNetClientMetrics(o);
      }

      @Override
      public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions o) {
        return vertx.createDatagramSocketMetrics(o);
      }

      @Override
      public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
        return vertx.createPoolMetrics(type, name, maxSize);
      }

      @Override
      public void vertxCreated(io.vertx.core.Vertx created) {
        vertx.vertxCreated(created);
      }

      @Override
      public void close() {
        vertx.close();
      }
    };
  }
}
