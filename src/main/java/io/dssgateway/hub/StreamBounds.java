package io.dssgateway.hub;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * How many upstream streams (each an Ayla subscription and a DSS socket) may be open: per Ayla scope
 * (one user in per-user mode, the service account in service mode) and in all. Counts every stream
 * the hub holds, lingering ones included; the hub makes room by releasing lingering streams before it
 * refuses. Used only on the hub's context.
 */
final class StreamBounds {

  private final int perScope;
  private final int total;
  private final Map<String, Integer> counts = new HashMap<>();
  private int all;

  /** @param perScope streams one scope may hold (0 = no bound); @param total streams in all (0 = no bound) */
  StreamBounds(int perScope, int total) {
    this.perScope = perScope;
    this.total = total;
  }

  void added(String scope) {
    counts.merge(scope, 1, Integer::sum);
    all++;
  }

  void removed(String scope) {
    counts.computeIfPresent(scope, (s, n) -> n <= 1 ? null : n - 1);
    all--;
  }

  boolean scopeFull(String scope) {
    return perScope > 0 && counts.getOrDefault(scope, 0) >= perScope;
  }

  boolean totalFull() {
    return total > 0 && all >= total;
  }

  int count(String scope) {
    return counts.getOrDefault(scope, 0);
  }

  /** The refusal of one more stream in a full scope: the caller's own streams are in use, closing one frees room. */
  HttpError scopeRefusal() {
    return HttpError.tooManyRequests(
            "too_many_streams",
            "At most "
                + perScope
                + " upstream streams may be open for your account at once (each event type and filter is one); "
                + "close a stream or ask for a wider filter",
            new JsonObject()
                .put("limit", perScope)
                .put("setting", HubSettings.MAX_STREAMS_PER_SCOPE.key()))
        .withHeader("Retry-After", "5");
  }

  /** The refusal when the whole gateway holds as many streams as it may: not the caller's doing. */
  HttpError totalRefusal() {
    return HttpError.unavailable(
            "streams_exhausted",
            "The gateway holds as many upstream streams as it may (" + total + "); retry later",
            new JsonObject().put("limit", total).put("setting", HubSettings.MAX_STREAMS.key()))
        .withHeader("Retry-After", "5");
  }
}
