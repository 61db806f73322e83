package io.dssgateway.upstream;

import io.dssgateway.ops.GatewaySettings;
import io.dssgateway.sim.SimConfig;
import io.dssgateway.sim.Simulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;

/** The real simulator on a free port, its control API, and a signed-in Ayla session against it. */
final class SimHarness {

  static final String DSN = "VD0bbb112e0000011";
  static final String PROPERTY = "max_temp";
  static final SubscriptionSpec SPEC =
      new SubscriptionSpec(
          "datapoint", "freezer-model", DSN, PROPERTY, "cloud", "upstream-test", null);

  final Simulator simulator;
  final WebClient web;
  int port;
  AylaClient client;
  AylaSession session;

  SimHarness(Vertx vertx, long heartbeatMs) {
    simulator =
        new Simulator(
            vertx,
            SimConfig.from(
                GatewaySettings.config(
                    Map.of(
                        "sim.port", "0",
                        "sim.heartbeat-interval-ms", String.valueOf(heartbeatMs),
                        "sim.retained-events", "100000"))));
    // No keep-alive: the restart test closes the server under pooled connections.
    web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    this.vertx = vertx;
  }

  private final Vertx vertx;

  Future<SimHarness> start() {
    return simulator
        .start()
        .compose(
            p -> {
              port = p;
              client =
                  new AylaClient(
                      vertx,
                      new AylaConfig(
                          AylaEndpoints.forSimulator(p),
                          "dss-gateway-demo",
                          "dev-only-app-secret",
                          5000));
              return client.openSession("demo@example.com", "demo1234");
            })
        .map(
            s -> {
              session = s;
              return this;
            });
  }

  AylaEndpoints endpoints() {
    return AylaEndpoints.forSimulator(port);
  }

  Future<JsonObject> control(String path, JsonObject body) {
    return web.post(port, "127.0.0.1", path)
        .sendJsonObject(body == null ? new JsonObject() : body)
        .compose(
            r ->
                r.statusCode() == 200
                    ? Future.succeededFuture(r.bodyAsJsonObject())
                    : Future.failedFuture(
                        "control "
                            + path
                            + " answered "
                            + r.statusCode()
                            + " "
                            + r.bodyAsString()));
  }

  /** Publishes values (the simulator answers after all are published). */
  Future<JsonObject> publish(JsonArray values) {
    return control(
        "/sim/datapoints",
        new JsonObject().put("dsn", DSN).put("property_name", PROPERTY).put("values", values));
  }

  Future<JsonObject> publishRange(long from, long count) {
    JsonArray values = new JsonArray();
    for (long i = 0; i < count; i++) {
      values.add(from + i);
    }
    return publish(values);
  }

  Future<JsonObject> heartbeats(boolean send, boolean requireReply, boolean countReplies) {
    return control(
        "/sim/heartbeats",
        new JsonObject()
            .put("send", send)
            .put("require_reply", requireReply)
            .put("count_replies", countReplies));
  }
}
