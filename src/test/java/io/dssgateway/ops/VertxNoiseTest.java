package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Only the two Vert.x warnings it names are dropped. */
class VertxNoiseTest {

  private static final String NOTICE =
      "This Gauge has been already registered (MeterId{name='%s', tags=[]}), the registration "
          + "will be ignored. Note that subsequent logs will be logged at debug level.";

  private final VertxNoise filter = new VertxNoise();
  private final Logger registry = (Logger) LoggerFactory.getLogger(VertxNoise.REGISTRY_LOGGER);

  @Test
  void vertxGaugesRegisteredAgainAreDroppedAndEverythingElseStays() {
    assertThat(decide(registry, NOTICE.formatted("vertx.http.server.active.connections")))
        .isEqualTo(FilterReply.DENY);
    assertThat(decide(registry, NOTICE.formatted("dss.sse.users"))).isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(registry, "A MeterFilter is being configured after a Meter has been registered"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                (Logger) LoggerFactory.getLogger("io.dssgateway.ops"),
                NOTICE.formatted("vertx.sql.processing.pending")))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void onlyTheEvictionNoticeOfVertxConnectionsIsDropped() {
    Logger connection = (Logger) LoggerFactory.getLogger(VertxNoise.CONNECTION_LOGGER);
    assertThat(decide(connection, "Connection evicted")).isEqualTo(FilterReply.DENY);
    assertThat(decide(connection, "Connection reset")).isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                (Logger) LoggerFactory.getLogger("io.dssgateway.upstream"), "Connection evicted"))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide(Logger logger, String message) {
    return filter.decide(null, logger, Level.WARN, message, null, null);
  }
}
