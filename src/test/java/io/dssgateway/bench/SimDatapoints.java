package io.dssgateway.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Publishes datapoints through the simulator's control API ({@code POST /sim/datapoints}). */
record SimDatapoints(HttpClient http, int simPort) {

  /** One device's values, in order; completes once the simulator published them all. */
  Future<Void> publish(String dsn, String property, JsonArray values) {
    return post(
        new JsonObject().put("dsn", dsn).put("property_name", property).put("values", values));
  }

  /** A batch: an array of {@code {dsn, property_name, values}}. */
  Future<Void> publish(JsonArray batch) {
    return post(batch);
  }

  /** {@code size} values of the send time in epoch micros (what the clients measure latency from). */
  static JsonArray sendTimes(int size) {
    long now = SseClients.nowMicros();
    JsonArray values = new JsonArray();
    for (int i = 0; i < size; i++) {
      values.add(now);
    }
    return values;
  }

  private Future<Void> post(Object body) {
    Buffer bytes = Buffer.buffer(body.toString());
    return http.request(
            new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost("127.0.0.1")
                .setPort(simPort)
                .setURI("/sim/datapoints")
                .putHeader("Content-Type", "application/json"))
        .compose(req -> req.send(bytes))
        .compose(
            resp ->
                resp.statusCode() == 200
                    ? Future.<Void>succeededFuture()
                    : resp.body()
                        .compose(
                            b ->
                                Future.failedFuture(
                                    "/sim/datapoints answered " + resp.statusCode() + ": " + b)));
  }
}
