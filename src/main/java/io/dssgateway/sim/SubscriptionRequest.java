package io.dssgateway.sim;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A validated subscription-creation body, at top level or wrapped as {@code {"subscription":{...}}}.
 * Rules (dss-protocol.md §2): subscription_type one of five; client_type {@code cloud},
 * {@code user_opt_in} or {@code mobile} (required: our choice); oem_model {@code *} or a list
 * (required); dsn {@code *} or a list, required when oem_model is {@code *} (else defaults to
 * {@code *}); property_name {@code *} or a list (default {@code *}; only applied to datapoint types).
 * Unknown fields and non-string values are errors too (our choice). All errors → 422 naming the fields.
 */
record SubscriptionRequest(
    String name,
    String description,
    String oemModel,
    String dsn,
    String propertyName,
    String clientType,
    String subscriptionType) {

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "description",
          "oem_model",
          "dsn",
          "property_name",
          "client_type",
          "subscription_type");
  private static final Set<String> CLIENT_TYPES = Set.of("cloud", "user_opt_in", "mobile");

  static SubscriptionRequest parse(JsonObject body) {
    JsonObject s =
        body.size() == 1 && body.getValue("subscription") instanceof JsonObject inner
            ? inner
            : body;
    Bodies.Errors errors = new Bodies.Errors();
    errors.unknown(s, FIELDS);
    FIELDS.stream()
        .filter(f -> s.containsKey(f) && !(s.getValue(f) instanceof String))
        .forEach(f -> errors.add(f, "must be a string"));
    String type = text(s, "subscription_type");
    if (type == null) {
      errors.add("subscription_type", "is required");
    } else if (!SimSubscription.TYPES.contains(type)) {
      errors.add(
          "subscription_type",
          "must be one of connectivity, datapoint, datapointack, location, registration");
    }
    String clientType = text(s, "client_type");
    if (clientType == null) {
      errors.add("client_type", "is required");
    } else if (!CLIENT_TYPES.contains(clientType)) {
      errors.add("client_type", "must be cloud, user_opt_in or mobile");
    }
    String model = text(s, "oem_model");
    String dsn = text(s, "dsn");
    String property = text(s, "property_name");
    if (model == null) {
      errors.add("oem_model", "is required");
    } else if (!validList(model)) {
      errors.add("oem_model", "must be * or a comma-separated list");
    }
    if (dsn == null && "*".equals(model)) {
      errors.add("dsn", "is required when oem_model is *");
    } else if (dsn != null && !validList(dsn)) {
      errors.add("dsn", "must be * or a comma-separated list");
    }
    if (property != null && !validList(property)) {
      errors.add("property_name", "must be * or a comma-separated list");
    }
    errors.throwIfAny("Invalid subscription");
    return new SubscriptionRequest(
        text(s, "name"),
        text(s, "description"),
        model,
        dsn == null ? "*" : dsn,
        property == null ? "*" : property,
        clientType,
        type);
  }

  /** The set of a comma-separated list, or null for {@code *} (everything). */
  static Set<String> listOrAll(String spec) {
    if ("*".equals(spec.trim())) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(spec.split(",")).map(String::trim).forEach(out::add);
    return out;
  }

  private static boolean validList(String spec) {
    if ("*".equals(spec.trim())) {
      return true;
    }
    return Arrays.stream(spec.split(",", -1))
        .map(String::trim)
        .noneMatch(x -> x.isEmpty() || x.equals("*"));
  }

  private static String text(JsonObject o, String field) {
    return o.getValue(field) instanceof String v ? v.trim() : null;
  }
}
