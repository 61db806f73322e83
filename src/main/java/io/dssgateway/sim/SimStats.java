package io.dssgateway.sim;

import io.vertx.core.json.JsonObject;

/** Counters shown by {@code GET /sim/stats}; mutated on the simulator's event loop only. */
final class SimStats {

  long eventsPublished;
  long framesSent;
  long heartbeatsSent;
  long zReceived;
  long clientFramesRejected;
  long socketsRefused;
  long socketsClosedForMissedHeartbeats;
  long signIns;
  long deviceLists;

  JsonObject toJson(int openSockets, int subscriptions) {
    return new JsonObject()
        .put("open_sockets", openSockets)
        .put("subscriptions", subscriptions)
        .put("events_published", eventsPublished)
        .put("frames_sent", framesSent)
        .put("heartbeats_sent", heartbeatsSent)
        .put("z_received", zReceived)
        .put("client_frames_rejected", clientFramesRejected)
        .put("sockets_refused", socketsRefused)
        .put("sockets_closed_missed_heartbeats", socketsClosedForMissedHeartbeats)
        .put("sign_ins", signIns)
        .put("device_lists", deviceLists);
  }
}
