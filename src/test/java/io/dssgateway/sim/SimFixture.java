package io.dssgateway.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;

/** A real simulator on an ephemeral port plus real HTTP and WebSocket clients (test threads await futures). */
final class SimFixture {

  static final String DEMO = "demo@example.com";
  static final String PASSWORD = "demo1234";
  static final String LED_DSN = "AC000W000340649";
  static final String LINUX_DSN = "AC000W000340650";
  static final String FREEZER_DSN = "VD0bbb112e0000011";

  final Vertx vertx;
  final Simulator simulator;
  final WebClient http;
  final WebSocketClient ws;
  int port;

  private SimFixture(Vertx vertx, Map<String, String> settings) {
    this.vertx = vertx;
    Map<String, String> all = new HashMap<>();
    all.put("sim.port", "0");
    all.put("sim.accounts", DEMO + ":" + PASSWORD + ",other@example.com:other1234");
    all.put("sim.ack-delay-ms", "20");
    all.putAll(settings);
    this.simulator = new Simulator(vertx, SimConfig.of(all));
    // no keep-alive: a restarted simulator must not meet stale pooled connections
    this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    this.ws = vertx.createWebSocketClient();
  }

  static SimFixture start(Vertx vertx) {
    return start(vertx, Map.of());
  }

  static SimFixture start(Vertx vertx, Map<String, String> settings) {
    SimFixture f = new SimFixture(vertx, settings);
    f.port = f.simulator.start().await();
    return f;
  }

  HttpResponse<Buffer> call(HttpMethod method, String path, String token, Object body) {
    HttpRequest<Buffer> req = http.request(method, port, "127.0.0.1", path);
    if (token != null) {
      req.putHeader("Authorization", "auth_token " + token);
    }
    Future<HttpResponse<Buffer>> f;
    if (body == null) {
      f = req.send();
    } else if (body instanceof Buffer b) {
      f = req.sendBuffer(b);
    } else {
      f = req.sendBuffer(Buffer.buffer(body.toString()));
    }
    return f.await();
  }

  HttpResponse<Buffer> post(String path, String token, Object body) {
    return call(HttpMethod.POST, path, token, body);
  }

  HttpResponse<Buffer> get(String path, String token) {
    return call(HttpMethod.GET, path, token, null);
  }

  /** A control-API call that must succeed. */
  JsonObject control(String path, JsonObject body) {
    HttpResponse<Buffer> r = post(path, null, body == null ? null : body);
    assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject signInBody(String email, String password) {
    return new JsonObject()
        .put(
            "user",
            new JsonObject()
                .put("email", email)
                .put("password", password)
                .put(
                    "application",
                    new JsonObject().put("app_id", "dss-gateway-demo").put("app_secret", "s")));
  }

  String signIn() {
    return signIn(DEMO, PASSWORD);
  }

  String signIn(String email, String password) {
    HttpResponse<Buffer> r = post("/users/sign_in", null, signInBody(email, password));
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("access_token");
  }

  static JsonObject subscriptionBody(String type, String model, String dsn, String property) {
    JsonObject b =
        new JsonObject()
            .put("name", "test")
            .put("client_type", "cloud")
            .put("subscription_type", type)
            .put("oem_model", model);
    if (dsn != null) {
      b.put("dsn", dsn);
    }
    if (property != null) {
      b.put("property_name", property);
    }
    return b;
  }

  /** Creates a subscription and returns its JSON (the inner object). */
  JsonObject subscribe(String token, JsonObject body) {
    HttpResponse<Buffer> r = post("/api/v1/subscriptions.json", token, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getJsonObject("subscription");
  }

  DssSocket connect(String key) {
    return connect(key, "");
  }

  DssSocket connect(String key, String extraQuery) {
    ClientWebSocket socket = ws.webSocket();
    DssSocket dss = new DssSocket(socket);
    socket.connect(port, "127.0.0.1", "/stream?stream_key=" + key + extraQuery).await();
    return dss;
  }

  /** The HTTP status of a refused upgrade. */
  int refusedStatus(String query) {
    Throwable err =
        ws.connect(port, "127.0.0.1", "/stream?" + query)
            .map(w -> (Throwable) null)
            .otherwise(e -> e)
            .await();
    assertThat(err).as("upgrade should be refused").isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) err).getStatus();
  }

  JsonObject stats() {
    return get("/sim/stats", null).bodyAsJsonObject();
  }

  void close() {
    simulator.stop().await();
    http.close();
    ws.close().await();
  }
}
