package io.dssgateway.upstream;

import io.vertx.core.json.JsonObject;

/** The counters of one {@link UpstreamStream}: written on its context only, readable anywhere. */
public final class StreamCounters {

  StreamCounters() {}

  volatile long events;
  volatile long heartbeats;
  volatile long reconnects;
  volatile long malformed;
  volatile long duplicates;
  volatile long gaps;
  volatile long lastSeq;

  /** A consistent-enough copy for status pages and metrics. */
  public record Snapshot(
      long events,
      long heartbeats,
      long reconnects,
      long malformed,
      long duplicates,
      long gaps,
      long lastSeq) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("events", events)
          .put("heartbeats", heartbeats)
          .put("reconnects", reconnects)
          .put("malformed_frames", malformed)
          .put("duplicates_dropped", duplicates)
          .put("gaps", gaps)
          .put("last_seq", lastSeq);
    }
  }

  Snapshot snapshot() {
    return new Snapshot(events, heartbeats, reconnects, malformed, duplicates, gaps, lastSeq);
  }
}
