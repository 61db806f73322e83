package io.dssgateway.upstream;

import io.vertx.core.json.JsonObject;

/**
 * What a DSS subscription asks for (dss-protocol.md §1.2). {@code oemModel}, {@code dsn} and
 * {@code propertyName} are {@code *} or comma-separated lists; null fields are left out.
 */
public record SubscriptionSpec(
    String subscriptionType,
    String oemModel,
    String dsn,
    String propertyName,
    String clientType,
    String name,
    String description) {

  /** The body of {@code POST /api/v1/subscriptions.json}, wrapped as {@code {"subscription":{...}}}. */
  public JsonObject toRequestJson() {
    JsonObject s = new JsonObject();
    putIfSet(s, "subscription_type", subscriptionType);
    putIfSet(s, "oem_model", oemModel);
    putIfSet(s, "dsn", dsn);
    putIfSet(s, "property_name", propertyName);
    putIfSet(s, "client_type", clientType);
    putIfSet(s, "name", name);
    putIfSet(s, "description", description);
    return new JsonObject().put("subscription", s);
  }

  /** Reads the spec back from a subscription as Ayla returns it. */
  public static SubscriptionSpec fromJson(JsonObject s) {
    return new SubscriptionSpec(
        s.getString("subscription_type"),
        s.getString("oem_model"),
        s.getString("dsn"),
        s.getString("property_name"),
        s.getString("client_type"),
        s.getString("name"),
        s.getString("description"));
  }

  private static void putIfSet(JsonObject o, String key, String value) {
    if (value != null) {
      o.put(key, value);
    }
  }
}
