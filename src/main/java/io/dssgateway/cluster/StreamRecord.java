package io.dssgateway.cluster;

import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One shared stream in the cluster's registry: who holds it (a member id, or empty while vacant),
 * its Ayla subscription (the stream key sealed), how far the holder got, and which members read it.
 * Stored as canonical JSON text, so compare-and-set on the text is exact.
 */
record StreamRecord(
    StreamKey key,
    String holder,
    long subscriptionId,
    String sealedStreamKey,
    long lastSeq,
    Set<String> readers) {

  static final String VACANT = "";

  StreamRecord {
    // sorted, so equal records encode to the same text in every JVM (Set.copyOf's order is per-JVM
    // random)
    readers = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(readers));
  }

  static StreamRecord claimedBy(StreamKey key, String node) {
    return new StreamRecord(key, node, 0, null, 0, Set.of(node));
  }

  boolean vacantOrHeldOutside(List<String> members) {
    return holder.isEmpty() || !members.contains(holder);
  }

  boolean opened() {
    return subscriptionId > 0 && sealedStreamKey != null;
  }

  StreamRecord withHolder(String node) {
    return new StreamRecord(key, node, subscriptionId, sealedStreamKey, lastSeq, readers);
  }

  StreamRecord withSubscription(long id, String sealedKey, long seq) {
    return new StreamRecord(key, holder, id, sealedKey, seq, readers);
  }

  StreamRecord withReader(String node) {
    TreeSet<String> r = new TreeSet<>(readers);
    r.add(node);
    return new StreamRecord(key, holder, subscriptionId, sealedStreamKey, lastSeq, r);
  }

  StreamRecord withoutReader(String node) {
    TreeSet<String> r = new TreeSet<>(readers);
    r.remove(node);
    return new StreamRecord(key, holder, subscriptionId, sealedStreamKey, lastSeq, r);
  }

  /** Readers still in the cluster. */
  StreamRecord withReadersIn(List<String> members) {
    TreeSet<String> r = new TreeSet<>(readers);
    r.retainAll(members);
    return new StreamRecord(key, holder, subscriptionId, sealedStreamKey, lastSeq, r);
  }

  String encode() {
    JsonObject k =
        new JsonObject()
            .put("scope", key.scope())
            .put("type", key.eventType())
            .put("models", new JsonArray(List.copyOf(key.filter().oemModels())))
            .put("dsns", new JsonArray(List.copyOf(key.filter().dsns())))
            .put("properties", new JsonArray(List.copyOf(key.filter().properties())));
    return new JsonObject()
        .put("key", k)
        .put("holder", holder)
        .put("subscription_id", subscriptionId)
        .put("stream_key", sealedStreamKey)
        .put("last_seq", lastSeq)
        .put("readers", new JsonArray(List.copyOf(readers)))
        .encode();
  }

  static StreamRecord decode(String text) {
    JsonObject o = new JsonObject(text);
    JsonObject k = o.getJsonObject("key");
    Filter filter =
        Filter.of(
            strings(k.getJsonArray("models")),
            strings(k.getJsonArray("dsns")),
            strings(k.getJsonArray("properties")));
    return new StreamRecord(
        new StreamKey(k.getString("scope"), k.getString("type"), filter),
        o.getString("holder"),
        o.getLong("subscription_id"),
        o.getString("stream_key"),
        o.getLong("last_seq"),
        strings(o.getJsonArray("readers")));
  }

  private static Set<String> strings(JsonArray a) {
    Set<String> out = new TreeSet<>();
    a.forEach(v -> out.add((String) v));
    return out;
  }

  @Override
  public String toString() {
    return "StreamRecord["
        + key.canonical()
        + ", holder "
        + holder
        + ", subscription "
        + subscriptionId
        + ", last seq "
        + lastSeq
        + ", readers "
        + readers
        + "]";
  }
}
