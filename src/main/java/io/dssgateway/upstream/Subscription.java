package io.dssgateway.upstream;

import io.vertx.core.json.JsonObject;

/** A DSS subscription: its id, its secret stream key and what it asks for. {@link #toString()} hides the key. */
public record Subscription(long id, String streamKey, SubscriptionSpec spec) {

  /** From {@code {"subscription":{...}}} or the bare object. */
  static Subscription fromJson(JsonObject body) {
    JsonObject s = body.containsKey("subscription") ? body.getJsonObject("subscription") : body;
    Number id = s.getNumber("id");
    String key = s.getString("stream_key");
    if (id == null || key == null || key.isEmpty()) {
      throw new AylaException(502, "", "Ayla answered a subscription without id or stream_key");
    }
    return new Subscription(id.longValue(), key, SubscriptionSpec.fromJson(s));
  }

  @Override
  public String toString() {
    return "Subscription[id=" + id + ", spec=" + spec + "]";
  }
}
