package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every subscription of the simulated DSS, and delivery of events to the matching ones. */
final class Subscriptions {

  private final Map<Long, SimSubscription> byId = new LinkedHashMap<>();
  private final Map<String, SimSubscription> byKey = new HashMap<>();
  private final int retained;
  private final int max;
  private final SimStats stats;
  private long nextId = 50155;

  Subscriptions(int retained, int max, SimStats stats) {
    this.retained = retained;
    this.max = max;
    this.stats = stats;
  }

  SimSubscription create(String ownerUuid, SubscriptionRequest request) {
    if (byId.size() >= max) {
      throw HttpError.tooManyRequests(
          "too_many_subscriptions", "The simulator holds its maximum of " + max + " subscriptions");
    }
    SimSubscription s =
        new SimSubscription(nextId++, ownerUuid, Accounts.hex32(), request, retained);
    byId.put(s.id, s);
    byKey.put(s.streamKey, s);
    return s;
  }

  List<SimSubscription> of(String ownerUuid) {
    return byId.values().stream().filter(s -> s.ownerUuid.equals(ownerUuid)).toList();
  }

  /** The caller's subscription; another user's is a 404 like a missing one. */
  SimSubscription owned(String ownerUuid, long id) {
    SimSubscription s = byId.get(id);
    if (s == null || !s.ownerUuid.equals(ownerUuid)) {
      throw HttpError.notFound("No subscription " + id);
    }
    return s;
  }

  Optional<SimSubscription> byStreamKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Removes a subscription and closes its socket. */
  void delete(SimSubscription s) {
    byId.remove(s.id);
    byKey.remove(s.streamKey);
    if (s.socket != null) {
      s.socket.close(CloseCodes.SUBSCRIPTION_DELETED, "subscription deleted");
    }
  }

  int deleteAll() {
    List<SimSubscription> all = new ArrayList<>(byId.values());
    all.forEach(this::delete);
    return all.size();
  }

  int size() {
    return byId.size();
  }

  /**
   * One event: appended (with the next seq) to the log of every matching subscription and sent on
   * its socket if one is open. Runs on the simulator's event loop, so seq order is delivery order.
   */
  void publish(
      String eventType, VirtualDevice device, String property, JsonObject eventWithoutSeq) {
    stats.eventsPublished++;
    for (SimSubscription s : byId.values()) {
      if (s.matches(eventType, device, property)) {
        String frame = s.append(eventWithoutSeq);
        if (s.socket != null) {
          s.socket.sendEvent(s.lastSeq(), frame);
        }
      }
    }
  }
}
