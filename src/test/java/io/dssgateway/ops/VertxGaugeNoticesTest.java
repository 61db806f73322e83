package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Only Micrometer's notice about Vert.x's own gauges registered again is dropped. */
class VertxGaugeNoticesTest {

  private static final String NOTICE = "This Gauge has been already registered (MeterId{name='%s', tags=[]}), the registration "
      + "will be ignored. Note that subsequent logs will be logged at debug level.";

  private final VertxGaugeNotices filter = new VertxGaugeNotices();
  private final Logger registry = (Logger) LoggerFactory.getLogger(VertxGaugeNotices.REGISTRY_LOGGER);

  @Test
  void vertxGaugesRegisteredAgainAreDroppedAndEverythingElseStays() {
    assertThat(decide(registry, NOTICE.formatted("vertx.http.server.active.connections"))).isEqualTo(FilterReply.DENY);
    assertThat(decide(registry, NOTICE.formatted("dss.sse.users"))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(registry, "A MeterFilter is being configured after a Meter has been registered")).isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide((Logger) LoggerFactory.getLogger("io.dssgateway.ops"), NOTICE.formatted("vertx.sql.processing.pending")))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide(Logger logger, String message) {
    return filter.decide(null, logger, Level.WARN, message, null, null);
  }
}
