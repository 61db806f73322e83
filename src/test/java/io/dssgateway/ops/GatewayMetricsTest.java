package io.dssgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.EventTypes;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {

  private GatewayMetrics metrics;
  private Vertx vertx;
  private WebClient client;
  private int port;

  @BeforeEach
  void start() {
    metrics = new GatewayMetrics();
    vertx = metrics.vertxBuilder(new VertxOptions()).build();
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    port =
        vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    metrics.close();
  }

  private HttpResponse<Buffer> scrape() {
    return client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics").send().await();
  }

  @Test
  void metricsEndpointServesGatewayMetersInPrometheusFormat() {
    metrics.eventIn("datapoint");
    metrics.eventIn("datapoint");
    metrics.eventIn("something-new");
    metrics.eventsOut("connectivity", 3);
    metrics.sseOpened();
    metrics.sseOpened();
    metrics.sseClosed();
    metrics.upstreamStreams("open", () -> 4);
    metrics.reconnects(1);
    metrics.heartbeatsAnswered(1);
    metrics.replayHit();
    metrics.gap();
    metrics.slowClientDisconnected();
    metrics.fanOutSince(System.nanoTime() - 5_000_000);

    HttpResponse<Buffer> response = scrape();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    assertThat(response.bodyAsString())
        .contains(
            "dss_events_in_total{type=\"datapoint\"} 2.0",
            "dss_events_in_total{type=\"other\"} 1.0",
            "dss_events_out_total{type=\"connectivity\"} 3.0",
            "dss_sse_connections 1.0",
            "dss_upstream_streams{state=\"open\"} 4.0",
            "dss_upstream_reconnects_total 1.0",
            "dss_upstream_heartbeats_total 1.0",
            "dss_replay_hits_total 1.0",
            "dss_replay_gaps_total 1.0",
            "dss_sse_slow_disconnects_total 1.0",
            "dss_fanout_latency_seconds_bucket{le=",
            "dss_fanout_latency_seconds_count 1");
  }

  @Test
  void eventCountersHaveOneSeriesPerDssEventTypeAndOther() {
    String body = scrape().bodyAsString();
    for (String counter : List.of("dss_events_in_total", "dss_events_out_total")) {
      List<String> types =
          body.lines()
              .filter(l -> l.startsWith(counter + "{type="))
              .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')))
              .toList();
      List<String> expected = new ArrayList<>(EventTypes.ALL);
      expected.add(GatewayMetrics.OTHER_TYPE);
      assertThat(types).as(counter).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void clusterMetersHaveTheNamesTheReadmeGives() {
    metrics.clusterMembers(() -> 3);
    metrics.streamsHeld(() -> 7);
    metrics.handover();
    metrics.handover();
    metrics.busEventsIn(5);
    metrics.busEventsOut(4);
    metrics.busEventsOut(1);

    assertThat(scrape().bodyAsString())
        .contains(
            "dss_cluster_members 3.0",
            "dss_cluster_streams_held 7.0",
            "dss_cluster_handovers_total 2.0",
            "dss_cluster_bus_events_in_total 5.0",
            "dss_cluster_bus_events_out_total 5.0");
  }

  @Test
  void clusterCountersExistAtZeroBeforeAnyClusterTraffic() {
    assertThat(scrape().bodyAsString())
        .contains(
            "dss_cluster_handovers_total 0.0",
            "dss_cluster_bus_events_in_total 0.0",
            "dss_cluster_bus_events_out_total 0.0");
  }

  @Test
  void metricsIncludeJvmAndVertxEventLoopFigures() {
    scrape(); // one request so the HTTP server meters exist
    String body = scrape().bodyAsString();
    assertThat(body)
        .contains(
            "jvm_memory_used_bytes",
            "jvm_gc_",
            "jvm_threads_live_threads",
            "netty_eventexecutor_tasks_pending",
            "vertx_http_server_requests_total");
  }
}
