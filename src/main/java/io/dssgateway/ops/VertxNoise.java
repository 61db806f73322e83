package io.dssgateway.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops two warnings Vert.x causes by design that say nothing about the gateway (declared in
 * {@code logback.xml}):
 * <ul>
 *   <li>Micrometer's "Gauge has been already registered" for Vert.x's own gauges: Vert.x registers
 *       a gauge again for every server instance and request and relies on Micrometer answering the
 *       existing one; the values are shared, nothing is lost. It stays for every other meter, the
 *       gateway's {@code dss.*} ones included.</li>
 *   <li>"Connection evicted", the default eviction handler of a connection outside the pool, which
 *       every refused WebSocket upgrade runs; the stream logs the refusal and what it does.</li>
 * </ul>
 */
public final class VertxNoise extends TurboFilter {

  static final String REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  static final String CONNECTION_LOGGER = "io.vertx.core.http.impl.HttpClientConnectionInternal";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || logger == null) {
      return FilterReply.NEUTRAL;
    }
    boolean vertxGaugeAgain =
        REGISTRY_LOGGER.equals(logger.getName())
            && format.contains("has been already registered")
            && format.contains("name='vertx.");
    boolean evicted =
        CONNECTION_LOGGER.equals(logger.getName()) && format.equals("Connection evicted");
    return vertxGaugeAgain || evicted ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
