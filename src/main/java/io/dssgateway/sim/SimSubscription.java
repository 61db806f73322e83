package io.dssgateway.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One DSS subscription: its filter, its stream key, its own seq counter and a bounded log of the
 * frames it produced (for {@code seq_start} replay).
 */
final class SimSubscription {

  static final Set<String> TYPES =
      Set.of("connectivity", "datapoint", "datapointack", "location", "registration");

  final long id;
  final String ownerUuid;
  final String streamKey;
  final String type;
  final String clientType;
  final String name;
  final String description;
  final String oemModel;
  final String dsn;
  final String propertyName;
  final String createdAt;
  private final Set<String> models;
  private final Set<String> dsns;
  private final Set<String> propertyNames;
  private final int retained;
  private final ArrayDeque<String> log = new ArrayDeque<>();
  private long lastSeq;
  StreamSocket socket;
  boolean connecting;

  SimSubscription(
      long id, String ownerUuid, String streamKey, SubscriptionRequest r, int retained) {
    this.id = id;
    this.ownerUuid = ownerUuid;
    this.streamKey = streamKey;
    this.type = r.subscriptionType();
    this.clientType = r.clientType();
    this.name = r.name();
    this.description = r.description();
    this.oemModel = r.oemModel();
    this.dsn = r.dsn();
    this.propertyName = r.propertyName();
    this.models = SubscriptionRequest.listOrAll(oemModel);
    this.dsns = SubscriptionRequest.listOrAll(dsn);
    this.propertyNames = SubscriptionRequest.listOrAll(propertyName);
    this.retained = retained;
    this.createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  /** Whether an event of this type about this device (and property, for datapoint types) is ours. */
  boolean matches(String eventType, VirtualDevice device, String property) {
    if (!type.equals(eventType)) {
      return false;
    }
    if (models != null && !models.contains(device.oemModel)
        || dsns != null && !dsns.contains(device.dsn)) {
      return false;
    }
    return property == null || propertyNames == null || propertyNames.contains(property);
  }

  /** Assigns the next seq, logs the frame (dropping the oldest beyond the bound) and returns it. */
  String append(JsonObject eventWithoutSeq) {
    lastSeq++;
    JsonObject event = new JsonObject().put("seq", Long.toString(lastSeq));
    eventWithoutSeq.forEach(e -> event.put(e.getKey(), e.getValue()));
    String frame = Frames.event(event);
    log.addLast(frame);
    if (log.size() > retained) {
      log.removeFirst();
    }
    return frame;
  }

  long lastSeq() {
    return lastSeq;
  }

  /** Retained frames with seq in [from, to]; a {@code from} older than the log starts at the oldest retained. */
  List<String> replay(long from, long to) {
    long seq = lastSeq - log.size() + 1;
    List<String> out = new ArrayList<>();
    for (String frame : log) {
      if (seq > to) {
        break;
      }
      if (seq >= from) {
        out.add(frame);
      }
      seq++;
    }
    return out;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put(
            "subscription",
            new JsonObject()
                .put("id", id)
                .put("oem", Fleet.OEM_ID)
                .put("dsn", dsn)
                .put("name", name)
                .put("description", description)
                .put("property_name", propertyName)
                .put("connection_status", socket != null ? "Online" : "Offline")
                .put("batch_size", 1)
                .put("is_suspended", false)
                .put("created_at", createdAt)
                .put("updated_at", createdAt)
                .put("date_suspended", null)
                .put("user_uuid", ownerUuid)
                .put("oem_model", oemModel)
                .put("stream_key", streamKey)
                .put("client_type", clientType)
                .put("subscription_type", type));
  }
}
