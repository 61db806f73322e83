package io.dssgateway.hub;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Turns the streams' cumulative heartbeat and reconnect counters into deltas for the metrics. */
final class UpstreamActivity {

  private final HubStream.EventCounter counter;
  private Map<String, long[]> seen = new HashMap<>();

  UpstreamActivity(HubStream.EventCounter counter) {
    this.counter = counter;
  }

  void report(Iterable<HubStream> streams) {
    long heartbeats = 0;
    long reconnects = 0;
    Map<String, long[]> now = new HashMap<>();
    for (HubStream s : streams) {
      if (s.handle() == null) {
        continue;
      }
      JsonObject stats = s.handle().stats();
      long[] current = {stats.getLong("heartbeats", 0L), stats.getLong("reconnects", 0L)};
      long[] before = seen.getOrDefault(s.key().canonical(), new long[2]);
      heartbeats += Math.max(0, current[0] - before[0]);
      reconnects += Math.max(0, current[1] - before[1]);
      now.put(s.key().canonical(), current);
    }
    seen = now;
    if (heartbeats > 0 || reconnects > 0) {
      counter.upstreamActivity(heartbeats, reconnects);
    }
  }
}
