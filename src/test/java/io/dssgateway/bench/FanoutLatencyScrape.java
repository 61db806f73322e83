package io.dssgateway.bench;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own view of latency: its {@code dss_fanout_latency_seconds} histogram (arrival on
 * the upstream socket to the write on the browser's connection) scraped from {@code /metrics}, so a
 * benchmark can tell the gateway's part of a latency from the simulator's and the clients'.
 */
final class FanoutLatencyScrape {

  private static final String BUCKET = "dss_fanout_latency_seconds_bucket{le=\"";

  private final TreeMap<Double, Long> cumulative;

  private FanoutLatencyScrape(TreeMap<Double, Long> cumulative) {
    this.cumulative = cumulative;
  }

  static FanoutLatencyScrape take(HttpClient http, int port) throws Exception {
    String body =
        http.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
            .compose(req -> req.send())
            .compose(resp -> resp.body())
            .await(30, TimeUnit.SECONDS)
            .toString();
    TreeMap<Double, Long> buckets = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith(BUCKET)) {
        int close = line.indexOf('"', BUCKET.length());
        String le = line.substring(BUCKET.length(), close);
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        long count = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        buckets.put(bound, count);
      }
    }
    return new FanoutLatencyScrape(buckets);
  }

  /** The upper bound (ms) of the bucket holding the given percentile of what was recorded since {@code before}. */
  double percentileMillisSince(FanoutLatencyScrape before, double percentile) {
    long total = count() - before.count();
    if (total <= 0) {
      return Double.NaN;
    }
    for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
      long n = e.getValue() - before.cumulative.getOrDefault(e.getKey(), 0L);
      if (n >= Math.ceil(total * percentile / 100.0)) {
        return e.getKey() * 1000;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  private long count() {
    return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
  }
}
