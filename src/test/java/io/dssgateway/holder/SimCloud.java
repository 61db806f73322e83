package io.dssgateway.holder;

import io.dssgateway.sim.SimConfig;
import io.dssgateway.sim.Simulator;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaConfig;
import io.dssgateway.upstream.AylaEndpoints;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.upstream.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Map;

/** The real simulator on a free port, the bits of its control API the holder tests use, and a signed-in Ayla session. */
final class SimCloud {

  static final String DSN = "VD0bbb112e0000011";
  static final String MODEL = "freezer-model";
  static final String PROPERTY = "max_temp";

  private final Vertx vertx;
  private final Simulator simulator;
  private final WebClient web;
  private int port;
  private AylaSession session;

  SimCloud(Vertx vertx) {
    this.vertx = vertx;
    // heartbeats rare, so no watchdog reconnect muddles what a test checks on a slow machine
    this.simulator =
        new Simulator(
            vertx,
            SimConfig.of(
                Map.of(
                    "sim.port", "0",
                    "sim.heartbeat-interval-ms", "10000",
                    "sim.retained-events", "1000")));
    this.web = WebClient.create(vertx);
  }

  Future<SimCloud> start() {
    return simulator
        .start()
        .compose(
            p -> {
              port = p;
              AylaClient client =
                  new AylaClient(
                      vertx,
                      new AylaConfig(endpoints(), "dss-gateway-demo", "dev-only-app-secret", 5000));
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

  AylaSession session() {
    return session;
  }

  /** The demo user's subscriptions, as the DSS REST API lists them. */
  Future<List<Subscription>> subscriptions() {
    return session.list();
  }

  /** Publishes one datapoint event per value; answers after all are published. */
  Future<Void> publish(long... values) {
    JsonArray list = new JsonArray();
    for (long v : values) {
      list.add(v);
    }
    JsonObject body =
        new JsonObject().put("dsn", DSN).put("property_name", PROPERTY).put("values", list);
    return web.post(port, "127.0.0.1", "/sim/datapoints")
        .sendJsonObject(body)
        .compose(r -> ok(r, "publish"))
        .mapEmpty();
  }

  /** Ayla loses every subscription (their sockets are closed). */
  Future<Integer> deleteAllSubscriptions() {
    return web.delete(port, "127.0.0.1", "/sim/subscriptions")
        .send()
        .compose(r -> ok(r, "delete"))
        .map(j -> j.getInteger("deleted"));
  }

  Future<JsonObject> stats() {
    return web.get(port, "127.0.0.1", "/sim/stats").send().compose(r -> ok(r, "stats"));
  }

  private static Future<JsonObject> ok(HttpResponse<Buffer> r, String what) {
    return r.statusCode() == 200
        ? Future.succeededFuture(r.bodyAsJsonObject())
        : Future.failedFuture(what + " answered " + r.statusCode() + " " + r.bodyAsString());
  }
}
