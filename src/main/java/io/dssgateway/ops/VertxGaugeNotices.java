package io.dssgateway.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops Micrometer's "Gauge has been already registered" warning for Vert.x's own gauges (declared
 * in {@code logback.xml}). Vert.x registers a gauge again for every server instance and request and
 * relies on Micrometer answering the existing one; the values are shared, nothing is lost. The
 * warning stays for every other meter, the gateway's {@code dss.*} ones included.
 */
public final class VertxGaugeNotices extends TurboFilter {

  static final String REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    boolean vertxGaugeAgain = format != null && logger != null && REGISTRY_LOGGER.equals(logger.getName())
        && format.contains("has been already registered") && format.contains("name='vertx.");
    return vertxGaugeAgain ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
