package io.dssgateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client written only from dss-protocol.md, with plain Vert.x clients and no simulator helpers:
 * sign in, create a subscription, connect, answer heartbeats, set a property, receive the datapoint
 * and then the datapointack, reconnect with seq_start and get the replay.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DocsOnlyClientTest {

  @Test
  void aClientFromTheDocsWorksUnchanged(Vertx vertx) throws Exception {
    Simulator sim =
        new Simulator(
            vertx, SimConfig.of(Map.of("sim.port", "0", "sim.heartbeat-interval-ms", "100")));
    int port = sim.start().await();
    WebClient http = WebClient.create(vertx);
    WebSocketClient wsClient = vertx.createWebSocketClient();
    try {
      JsonObject signIn =
          new JsonObject()
              .put(
                  "user",
                  new JsonObject()
                      .put("email", "demo@example.com")
                      .put("password", "demo1234")
                      .put(
                          "application",
                          new JsonObject()
                              .put("app_id", "dss-gateway-demo")
                              .put("app_secret", "secret")));
      String auth =
          "auth_token "
              + http.post(port, "127.0.0.1", "/users/sign_in")
                  .sendJsonObject(signIn)
                  .await()
                  .bodyAsJsonObject()
                  .getString("access_token");

      JsonObject create =
          new JsonObject()
              .put(
                  "subscription",
                  new JsonObject()
                      .put("name", "docs")
                      .put("oem_model", "ledevb")
                      .put("dsn", "AC000W000340649")
                      .put("property_name", "Blue_LED")
                      .put("client_type", "cloud")
                      .put("subscription_type", "datapoint"));
      HttpResponse<Buffer> created =
          http.post(port, "127.0.0.1", "/api/v1/subscriptions.json")
              .putHeader("Authorization", auth)
              .sendJsonObject(create)
              .await();
      assertThat(created.statusCode()).isEqualTo(201);
      String key = created.bodyAsJsonObject().getJsonObject("subscription").getString("stream_key");
      JsonObject ackCreate = create.copy();
      ackCreate.getJsonObject("subscription").put("subscription_type", "datapointack");
      String ackKey =
          http.post(port, "127.0.0.1", "/api/v1/subscriptions.json")
              .putHeader("Authorization", auth)
              .sendJsonObject(ackCreate)
              .await()
              .bodyAsJsonObject()
              .getJsonObject("subscription")
              .getString("stream_key");

      LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
      LinkedBlockingQueue<String> heartbeats = new LinkedBlockingQueue<>();
      ClientWebSocket dp = docsClient(wsClient, events, heartbeats);
      dp.connect(port, "127.0.0.1", "/stream?stream_key=" + key).await();
      ClientWebSocket ack = docsClient(wsClient, events, heartbeats);
      ack.connect(port, "127.0.0.1", "/stream?stream_key=" + ackKey).await();
      for (int i = 0; i < 6; i++) {
        assertThat(heartbeats.poll(5, TimeUnit.SECONDS)).isEqualTo("Z");
      }

      HttpResponse<Buffer> set =
          http.post(
                  port,
                  "127.0.0.1",
                  "/apiv1/dsns/AC000W000340649/properties/Blue_LED/datapoints.json")
              .putHeader("Authorization", auth)
              .sendJsonObject(new JsonObject().put("datapoint", new JsonObject().put("value", 1)))
              .await();
      assertThat(set.statusCode()).isEqualTo(201);
      JsonObject datapoint = events.poll(5, TimeUnit.SECONDS);
      assertThat(datapoint.getJsonObject("metadata").getString("event_type"))
          .isEqualTo("datapoint");
      assertThat(datapoint.getJsonObject("datapoint").getInteger("value")).isEqualTo(1);
      JsonObject acked = events.poll(5, TimeUnit.SECONDS);
      assertThat(acked.getJsonObject("metadata").getString("event_type")).isEqualTo("datapointack");
      assertThat(acked.getJsonObject("datapoint").getString("id"))
          .isEqualTo(datapoint.getJsonObject("datapoint").getString("id"));

      dp.close().await();
      LinkedBlockingQueue<JsonObject> replayed = new LinkedBlockingQueue<>();
      ClientWebSocket again = docsClient(wsClient, replayed, heartbeats);
      again.connect(port, "127.0.0.1", "/stream?stream_key=" + key + "&seq_start=1").await();
      JsonObject replay = replayed.poll(5, TimeUnit.SECONDS);
      assertThat(replay.getString("seq")).isEqualTo("1");
      assertThat(replay.getJsonObject("datapoint").getString("id"))
          .isEqualTo(datapoint.getJsonObject("datapoint").getString("id"));
    } finally {
      sim.stop().await();
      http.close();
      wsClient.close().await();
    }
  }

  /** Splits each message at the first '|', answers heartbeats with Z, queues events. */
  private static ClientWebSocket docsClient(
      WebSocketClient client,
      LinkedBlockingQueue<JsonObject> events,
      LinkedBlockingQueue<String> answered) {
    ClientWebSocket ws = client.webSocket();
    ws.textMessageHandler(
        message -> {
          String body = message.substring(message.indexOf('|') + 1);
          if (body.equals("Z")) {
            ws.writeTextMessage("Z");
            answered.add("Z");
          } else {
            events.add(new JsonObject(body));
          }
        });
    return ws;
  }
}
