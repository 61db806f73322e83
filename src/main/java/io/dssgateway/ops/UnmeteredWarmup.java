package io.dssgateway.ops;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Vert.x's metrics without the {@link Warmup}'s own HTTP server and client, so the requests the
 * gateway sends itself at start are not counted as traffic. Every call is passed on to the metered
 * factory and its metrics as it is, whatever methods this Vert.x version's metrics SPI has, except
 * the two that create the warm-up's server and client metrics: those get none. A default method
 * the metered object does not override runs on the delegate itself, as it would in a subclass, so
 * its calls to the other methods (the factory's {@code init} calls {@code metrics}) come back here.
 */
final class UnmeteredWarmup {

  /** The warm-up client's metrics name: no meters for it. */
  static final String CLIENT_NAME = "dss-warm-up";

  private final AtomicBoolean creatingServer = new AtomicBoolean();
  private final VertxMetricsFactory factory;

  UnmeteredWarmup(VertxMetricsFactory metered) {
    this.factory =
        delegating(
            VertxMetricsFactory.class,
            metered,
            (method, result) ->
                result instanceof VertxMetrics metrics && method.getName().equals("metrics")
                    ? withoutWarmup(metrics)
                    : result);
  }

  /** The factory to build Vert.x with. */
  VertxMetricsFactory factory() {
    return factory;
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

  private VertxMetrics withoutWarmup(VertxMetrics metered) {
    return (VertxMetrics)
        Proxy.newProxyInstance(
            VertxMetrics.class.getClassLoader(),
            new Class<?>[] {VertxMetrics.class},
            (proxy, method, args) -> {
              boolean warmupServer =
                  method.getName().equals("createHttpServerMetrics")
                      && creatingServer.compareAndSet(true, false);
              boolean warmupClient =
                  method.getName().equals("createHttpClientMetrics")
                      && args[0] instanceof HttpClientOptions o
                      && CLIENT_NAME.equals(o.getMetricsName());
              return warmupServer || warmupClient ? null : invoke(proxy, metered, method, args);
            });
  }

  private interface Result {
    Object of(Method method, Object result);
  }

  private static <T> T delegating(Class<T> type, T target, Result result) {
    InvocationHandler handler =
        (proxy, method, args) -> result.of(method, invoke(proxy, target, method, args));
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Object proxy, Object target, Method method, Object[] args)
      throws Throwable {
    if (target.getClass().getMethod(method.getName(), method.getParameterTypes()).isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
