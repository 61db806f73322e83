package io.dssgateway.bench;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * The bytes the gateway has allocated, as its {@code /metrics} reports them (Micrometer's
 * {@code jvm_gc_memory_allocated_bytes_total}, counted at each collection: read it after one).
 */
record JvmCounters(double allocatedBytes) {

  static JvmCounters read(HttpClient http, int port) throws Exception {
    String text = scrape(http, port);
    double allocated = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_gc_memory_allocated_bytes_total")) {
        allocated += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new JvmCounters(allocated);
  }

  /** The gateway's {@code dss_sse_connections} gauge (open SSE streams). */
  static int sseConnections(HttpClient http, int port) throws Exception {
    for (String line : scrape(http, port).split("\n")) {
      if (line.startsWith("dss_sse_connections ")) {
        return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  private static String scrape(HttpClient http, int port) throws Exception {
    return http.request(
            new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost("127.0.0.1")
                .setPort(port)
                .setURI("/metrics"))
        .compose(req -> req.send().compose(resp -> resp.body()))
        .await(30, TimeUnit.SECONDS)
        .toString();
  }
}
