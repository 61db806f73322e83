package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The control API under {@code /sim/} (tests, demo, benchmarks). Served only when
 * {@link SimConfig#controlServed()}; with {@code sim.control-token} set every call needs
 * {@code Authorization: Bearer <token>} (401 otherwise).
 */
final class ControlRoutes {

  /** The most datapoint objects one {@code POST /sim/datapoints} may carry. */
  static final int MAX_BATCH = 10_000;

  private final Cloud cloud;
  private final StreamServer streams;
  private final Generator generator;
  private final SimStats stats;
  private final String token;

  ControlRoutes(
      Cloud cloud, StreamServer streams, Generator generator, SimStats stats, String token) {
    this.cloud = cloud;
    this.streams = streams;
    this.generator = generator;
    this.stats = stats;
    this.token = token == null || token.isBlank() ? null : token;
  }

  void mount(Router router) {
    router.route("/sim/*").handler(this::authorize);
    router.post("/sim/datapoints").handler(this::datapoints);
    router
        .post("/sim/devices/:dsn/connectivity")
        .handler(deviceEvent("connectivity", Set.of("status"), this::connectivity));
    router
        .post("/sim/devices/:dsn/registration")
        .handler(deviceEvent("registration", Set.of("registered"), this::registration));
    router
        .post("/sim/devices/:dsn/location")
        .handler(deviceEvent("location", Set.of("lat", "long"), this::location));
    router
        .post("/sim/sockets/drop")
        .handler(
            ctx ->
                ctx.json(
                    new JsonObject()
                        .put(
                            "dropped",
                            streams.closeAll(
                                CloseCodes.SERVICE_RESTART, "dropped by /sim/sockets/drop"))));
    router.post("/sim/sockets/garbage").handler(this::garbage);
    router.post("/sim/heartbeats").handler(this::heartbeats);
    router.post("/sim/generator").handler(this::generator);
    router
        .post("/sim/tokens/expire")
        .handler(ctx -> ctx.json(new JsonObject().put("expired", cloud.accounts.expireAll())));
    router
        .delete("/sim/subscriptions")
        .handler(ctx -> ctx.json(new JsonObject().put("deleted", cloud.subscriptions.deleteAll())));
    router
        .get("/sim/stats")
        .handler(ctx -> ctx.json(stats.toJson(streams.openCount(), cloud.subscriptions.size())));
  }

  private void authorize(RoutingContext ctx) {
    if (token != null) {
      String h = ctx.request().getHeader("Authorization");
      String expected = "Bearer " + token;
      if (h == null
          || !MessageDigest.isEqual(
              h.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
        throw Accounts.unauthorized(
                "The control API needs Authorization: Bearer <sim.control-token>")
            .withHeader("WWW-Authenticate", "Bearer");
      }
    }
    ctx.next();
  }

  /**
   * One from-device datapoint event per value, in order; answers after all are published. The body
   * is one {@code {"dsn","property_name","values"}} or an array of them (a batch, validated whole
   * before any is published).
   */
  private void datapoints(RoutingContext ctx) {
    Object body = Bodies.objectOrArray(ctx);
    List<IntSupplier> publish = new ArrayList<>();
    if (body instanceof JsonObject one) {
      publish.add(datapoints(one, ""));
    } else {
      JsonArray batch = (JsonArray) body;
      if (batch.isEmpty() || batch.size() > MAX_BATCH) {
        throw HttpError.unprocessable(
            "Invalid datapoints",
            new JsonObject()
                .put("batch", new JsonArray().add("must hold 1.." + MAX_BATCH + " objects")));
      }
      for (int i = 0; i < batch.size(); i++) {
        if (!(batch.getValue(i) instanceof JsonObject item)) {
          throw HttpError.unprocessable(
              "Invalid datapoints",
              new JsonObject().put("[" + i + "]", new JsonArray().add("must be an object")));
        }
        publish.add(datapoints(item, "[" + i + "]."));
      }
    }
    int published = publish.stream().mapToInt(IntSupplier::getAsInt).sum();
    ctx.json(new JsonObject().put("published", published));
  }

  /**
   * Validates one datapoints object ({@code at} prefixes the field names of its errors); answers what
   * publishes it and says how many it published.
   */
  private IntSupplier datapoints(JsonObject body, String at) {
    Bodies.Errors errors = new Bodies.Errors();
    errors.unknown(body, Set.of("dsn", "property_name", "values"), at);
    String dsn = errors.string(body, "dsn", at + "dsn");
    String name = errors.string(body, "property_name", at + "property_name");
    Object values = body.getValue("values");
    if (!(values instanceof JsonArray)) {
      errors.add(at + "values", values == null ? "is required" : "must be an array");
    }
    errors.throwIfAny("Invalid datapoints");
    VirtualDevice d = cloud.device(dsn);
    VirtualDevice.Property p = cloud.property(d, name);
    JsonArray list = (JsonArray) values;
    for (int i = 0; i < list.size(); i++) {
      if (list.getValue(i) == null
          || list.getValue(i) instanceof JsonObject
          || list.getValue(i) instanceof JsonArray) {
        throw HttpError.unprocessable(
            "values must be numbers, booleans or strings",
            new JsonObject()
                .put(
                    at + "values",
                    new JsonArray().add("item " + i + " is not a number, boolean or string")));
      }
    }
    return () -> {
      list.forEach(v -> cloud.reportValue(d, p, v));
      return list.size();
    };
  }

  /** Validates a device-event body; returns what publishes the event once the body is valid. */
  private interface DeviceEvent {
    Runnable validate(VirtualDevice d, JsonObject body, Bodies.Errors errors);
  }

  private Handler<RoutingContext> deviceEvent(String what, Set<String> fields, DeviceEvent event) {
    return ctx -> {
      VirtualDevice d = cloud.device(ctx.pathParam("dsn"));
      JsonObject body = Bodies.object(ctx);
      Bodies.Errors errors = new Bodies.Errors();
      errors.unknown(body, fields);
      Runnable publish = event.validate(d, body, errors);
      errors.throwIfAny("Invalid " + what);
      publish.run();
      ctx.json(new JsonObject().put("published", 1));
    };
  }

  private Runnable connectivity(VirtualDevice d, JsonObject body, Bodies.Errors errors) {
    String status = errors.string(body, "status", "status");
    if (status != null && !status.equals("Online") && !status.equals("Offline")) {
      errors.add("status", "must be Online or Offline");
    }
    return () -> cloud.setConnectivity(d, status);
  }

  private Runnable registration(VirtualDevice d, JsonObject body, Bodies.Errors errors) {
    Boolean registered = errors.bool(body, "registered", true);
    return () -> cloud.setRegistration(d, registered);
  }

  private Runnable location(VirtualDevice d, JsonObject body, Bodies.Errors errors) {
    String lat = SimDeviceRoutes.coordinate(errors, body, "lat", 90);
    String lng = SimDeviceRoutes.coordinate(errors, body, "long", 180);
    return () -> cloud.setLocation(d, lat, lng);
  }

  private void garbage(RoutingContext ctx) {
    JsonObject body = Bodies.optionalObject(ctx);
    Object n = body.getValue("frames", 4);
    if (!(n instanceof Integer frames) || frames < 0 || frames > 10_000) {
      throw HttpError.unprocessable(
          "Invalid garbage request",
          new JsonObject().put("frames", new JsonArray().add("must be an integer 0..10000")));
    }
    for (int i = 0; i < frames; i++) {
      streams.sendToAll(Frames.garbage(i));
    }
    ctx.json(new JsonObject().put("sockets", streams.openCount()).put("frames", frames));
  }

  private void heartbeats(RoutingContext ctx) {
    JsonObject body = Bodies.optionalObject(ctx);
    Bodies.Errors errors = new Bodies.Errors();
    errors.unknown(body, Set.of("send", "require_reply", "count_replies"));
    Boolean send = errors.bool(body, "send", false);
    Boolean requireReply = errors.bool(body, "require_reply", false);
    Boolean countReplies = errors.bool(body, "count_replies", false);
    errors.throwIfAny("Invalid heartbeat policy");
    if (send != null) {
      streams.sendHeartbeats = send;
    }
    if (requireReply != null) {
      streams.requireReply = requireReply;
    }
    if (countReplies != null) {
      streams.countReplies = countReplies;
    }
    ctx.json(streams.heartbeatPolicy());
  }

  private void generator(RoutingContext ctx) {
    JsonObject body = Bodies.object(ctx);
    Object rate = body.getValue("rate");
    if (!(rate instanceof Number r)
        || r.doubleValue() < 0
        || r.doubleValue() > 100_000
        || body.size() != 1) {
      throw HttpError.unprocessable(
          "Invalid generator request",
          new JsonObject()
              .put(
                  "rate",
                  new JsonArray().add("must be a number of datapoints per second, 0..100000")));
    }
    generator.setRate(r.doubleValue());
    ctx.json(new JsonObject().put("rate", generator.rate()));
  }
}
