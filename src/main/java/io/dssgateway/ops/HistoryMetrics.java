package io.dssgateway.ops;

import io.dssgateway.history.HistoryObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * History's meters: {@code dss_history_events_stored_total}, {@code dss_history_batch_latency_seconds},
 * {@code dss_history_sink_errors_total{sink}}, {@code dss_history_paused_total},
 * {@code dss_history_lost_events_total} (seqs recorded as lost: the upstream skipped them), and the store lag
 * gauges {@code dss_history_lag_bytes} / {@code dss_history_lag_events} (collected, not stored yet).
 */
final class HistoryMetrics implements HistoryObserver {

  private final MeterRegistry registry;
  private final Counter stored;
  private final Timer batchLatency;
  private final Counter databaseErrors;
  private final Counter fileErrors;
  private final Counter paused;
  private final Counter lost;

  HistoryMetrics(MeterRegistry registry) {
    this.registry = registry;
    stored =
        Counter.builder("dss.history.events.stored")
            .description("Collected events stored (database and files)")
            .register(registry);
    batchLatency =
        Timer.builder("dss.history.batch.latency")
            .description(
                "Time to store one batch of collected events (files, then the database transaction)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    databaseErrors = sinkErrors("database");
    fileErrors = sinkErrors("files");
    paused =
        Counter.builder("dss.history.paused")
            .description(
                "Times a collected stream paused because storing lagged past history.max-lag-bytes")
            .register(registry);
    lost =
        Counter.builder("dss.history.lost.events")
            .description(
                "Events of collected streams recorded in history as lost: the upstream skipped their seqs")
            .register(registry);
  }

  /** Registers the lag gauges; call once. */
  void lag(Supplier<Number> bytes, Supplier<Number> events) {
    Gauge.builder("dss.history.lag.bytes", bytes)
        .description("Bytes of collected events waiting to be stored")
        .register(registry);
    Gauge.builder("dss.history.lag.events", events)
        .description("Collected events waiting to be stored")
        .register(registry);
  }

  @Override
  public void batchStored(int events, long nanos) {
    stored.increment(events);
    batchLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void sinkError(String sink) {
    ("files".equals(sink) ? fileErrors : databaseErrors).increment();
  }

  @Override
  public void paused() {
    paused.increment();
  }

  @Override
  public void lost(long events) {
    lost.increment(events);
  }

  private Counter sinkErrors(String sink) {
    return Counter.builder("dss.history.sink.errors")
        .tag("sink", sink)
        .description("Batches a history sink failed to write (written again later)")
        .register(registry);
  }
}
