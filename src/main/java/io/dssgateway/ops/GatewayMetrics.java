package io.dssgateway.ops;

import io.dssgateway.hub.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The gateway's meters in one Prometheus registry, served at {@code /metrics} by Vert.x's
 * scrape of {@link #registry()} on a worker thread. Hot-path methods only increment
 * pre-registered meters: no registration or tag building per call.
 *
 * <p>Prometheus names: {@code dss_sse_connections}, {@code dss_events_in_total{type}},
 * {@code dss_events_out_total{type}}, {@code dss_upstream_streams{state}},
 * {@code dss_upstream_reconnects_total}, {@code dss_upstream_heartbeats_total},
 * {@code dss_replay_hits_total}, {@code dss_replay_gaps_total}, {@code dss_sse_slow_disconnects_total},
 * {@code dss_fanout_latency_seconds_bucket}; the cluster's {@code dss_cluster_members} (1 when not
 * clustered), {@code dss_cluster_streams_held}, {@code dss_cluster_handovers_total},
 * {@code dss_cluster_bus_events_in_total}, {@code dss_cluster_bus_events_out_total}; plus
 * {@code jvm_*}, {@code process_*}, {@code system_*},
 * and, when the {@code Vertx} comes from {@link #vertxBuilder}, {@code vertx_*} and
 * {@code netty_eventexecutor_tasks_pending} (event-loop backlog). HTTP label values are bounded
 * ({@link BoundedHttpLabels}): a client cannot grow the registry with made-up methods or paths.
 */
public final class GatewayMetrics implements AutoCloseable {

  /** Events of a type outside {@link EventTypes#ALL} are counted under this one. */
  public static final String OTHER_TYPE = "other";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final UnmeteredWarmup warmup =
      new UnmeteredWarmup(new MicrometerMetricsFactory(registry));
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private final AtomicLong sseConnections = new AtomicLong();
  private final Map<String, Counter> eventsIn;
  private final Map<String, Counter> eventsOut;
  private final Counter reconnects;
  private final Counter heartbeats;
  private final Counter replayHits;
  private final Counter gaps;
  private final Counter slowDisconnects;
  private final Timer fanOutLatency;
  private final Counter handovers;
  private final Counter busEventsIn;
  private final Counter busEventsOut;

  public GatewayMetrics() {
    registry.config().meterFilter(BoundedHttpLabels.METHOD).meterFilter(BoundedHttpLabels.CODE);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("dss.sse.connections", sseConnections, AtomicLong::get)
        .description("Open browser SSE connections")
        .register(registry);
    eventsIn = countersByType("dss.events.in", "DSS events received from upstream sockets");
    eventsOut = countersByType("dss.events.out", "Events written to browser SSE connections");
    reconnects = counter("dss.upstream.reconnects", "Upstream DSS socket reconnects");
    heartbeats = counter("dss.upstream.heartbeats", "Upstream DSS heartbeats answered");
    replayHits =
        counter("dss.replay.hits", "Browser resumes (Last-Event-ID) served from the replay buffer");
    gaps =
        counter(
            "dss.replay.gaps", "Resumes whose events were no longer available (gap event sent)");
    slowDisconnects =
        counter(
            "dss.sse.slow.disconnects", "Browser connections cut off for not reading fast enough");
    fanOutLatency =
        Timer.builder("dss.fanout.latency")
            .description(
                "From an event's arrival on the upstream socket to its write on every SSE connection")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    handovers =
        counter(
            "dss.cluster.handovers",
            "Streams this replica took over from another (dead or draining) member");
    busEventsIn =
        counter(
            "dss.cluster.bus.events.in",
            "Events received from other replicas over the clustered event bus");
    busEventsOut =
        counter(
            "dss.cluster.bus.events.out",
            "Events sent to other replicas over the clustered event bus");
  }

  /**
   * A builder for the process's {@code Vertx} with Vert.x metrics (HTTP server/client, pools,
   * event-loop backlog) recorded into this registry. Add a cluster manager and build.
   */
  public VertxBuilder vertxBuilder(VertxOptions options) {
    MicrometerMetricsOptions metricsOptions =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(false) // bound above, also when Vert.x metrics are off
            .setNettyMetricsEnabled(true)
            // each client's and SQL pool's own metrics name: without it their gauges collide (the
            // second is dropped)
            .addLabels(Label.CLIENT_NAME, Label.NAMESPACE);
    return Vertx.builder()
        .with(new VertxOptions(options).setMetricsOptions(metricsOptions))
        .withMetrics(warmup.factory());
  }

  /** Creates the start-up warm-up's HTTP server, which Vert.x's metrics leave out. */
  <T> Future<T> unmeteredServer(java.util.function.Supplier<Future<T>> create) {
    return warmup.server(create);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public void sseOpened() {
    sseConnections.incrementAndGet();
  }

  public void sseClosed() {
    sseConnections.decrementAndGet();
  }

  public void eventIn(String type) {
    byType(eventsIn, type).increment();
  }

  /** One event of this type written to {@code connections} SSE connections. */
  public void eventsOut(String type, int connections) {
    byType(eventsOut, type).increment(connections);
  }

  /** Registers the gauge {@code dss_upstream_streams{state}}; call once per state the hub knows. */
  public void upstreamStreams(String state, Supplier<Number> count) {
    Gauge.builder("dss.upstream.streams", count)
        .tag("state", state)
        .description("Upstream DSS streams held by this replica, by state")
        .register(registry);
  }

  /**
   * Registers the gauge {@code dss_replay_bytes} (heap the replay buffers hold) and the counter
   * {@code dss_replay_trimmed_events_total} (events let go to stay inside {@code hub.replay-budget-bytes}). Call once.
   */
  public void replay(Supplier<Number> bytes, Supplier<Number> trimmed) {
    Gauge.builder("dss.replay.bytes", bytes)
        .baseUnit("bytes")
        .description("Heap the replay buffers of this replica's streams hold, as they count it")
        .register(registry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "dss.replay.trimmed.events", trimmed, t -> t.get().doubleValue())
        .description("Events let go from replay buffers to stay inside the replay budget")
        .register(registry);
  }

  /**
   * Registers the gauge {@code dss_cluster_members}: members of the cluster as this replica sees
   * them, 1 when not clustered (a single node is a cluster of one), so the series always exists.
   * Call once.
   */
  public void clusterMembers(Supplier<Number> count) {
    Gauge.builder("dss.cluster.members", count)
        .description(
            "Members of the gateway cluster as this replica sees them (1 when not clustered)")
        .register(registry);
  }

  /** Registers the gauge {@code dss_cluster_streams_held}: streams whose DSS socket this replica holds. Call once. */
  public void streamsHeld(Supplier<Number> count) {
    Gauge.builder("dss.cluster.streams.held", count)
        .description("Upstream streams whose Ayla subscription and DSS socket this replica holds")
        .register(registry);
  }

  /** One stream taken over from another member ({@code dss_cluster_handovers_total}). */
  public void handover() {
    handovers.increment();
  }

  /** Events received over the clustered event bus ({@code dss_cluster_bus_events_in_total}). */
  public void busEventsIn(long count) {
    busEventsIn.increment(count);
  }

  /** Events sent over the clustered event bus ({@code dss_cluster_bus_events_out_total}). */
  public void busEventsOut(long count) {
    busEventsOut.increment(count);
  }

  public void reconnects(long count) {
    reconnects.increment(count);
  }

  public void heartbeatsAnswered(long count) {
    heartbeats.increment(count);
  }

  public void replayHit() {
    replayHits.increment();
  }

  public void gap() {
    gaps.increment();
  }

  public void slowClientDisconnected() {
    slowDisconnects.increment();
  }

  /** Fan-out latency of one event, from {@code System.nanoTime()} at arrival. */
  public void fanOutSince(long arrivalNanos) {
    fanOutLatency.record(System.nanoTime() - arrivalNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    gcMetrics.close();
    registry.close();
  }

  private static Counter byType(Map<String, Counter> counters, String type) {
    Counter c = type == null ? null : counters.get(type);
    return c != null ? c : counters.get(OTHER_TYPE);
  }

  private Map<String, Counter> countersByType(String name, String description) {
    Map<String, Counter> map = new HashMap<>();
    for (String type : EventTypes.ALL) {
      map.put(
          type,
          Counter.builder(name).tag("type", type).description(description).register(registry));
    }
    map.put(
        OTHER_TYPE,
        Counter.builder(name).tag("type", OTHER_TYPE).description(description).register(registry));
    return Map.copyOf(map);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }
}
