package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.ops.Application;
import io.dssgateway.ops.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real gateway (an {@link Application}) on ephemeral ports with an in-memory or temp-dir store,
 * plus the real HTTP clients a test drives it with. By default the simulator is embedded (role
 * {@code all}); {@link #gatewayFor} starts a gateway alone against a separately started simulator.
 */
final class TestGateway {

  static final String DEMO = "demo@example.com";
  static final String DEMO_PASSWORD = "demo1234";
  static final String OTHER = "other@example.com";
  static final String OTHER_PASSWORD = "other1234";
  static final String LED_DSN = "AC000W000340649";
  static final String LINUX_DSN = "AC000W000340650";
  static final String FREEZER_DSN = "VD0bbb112e0000011";

  final Vertx vertx;
  final Application app;
  final int port;
  final int simPort;
  final WebClient web;
  final HttpClient sse;
  private boolean shutDown;

  private TestGateway(Vertx vertx, Application app, int port, int simPort) {
    this.vertx = vertx;
    this.app = app;
    this.port = port;
    this.simPort = simPort;
    this.web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    this.sse =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(1000));
  }

  /** Service mode under the demo account: one Ayla session for every browser, JWT claims limiting each. */
  static Map<String, String> serviceMode() {
    return Map.of(
        "auth.mode", "service", "auth.service.email", DEMO, "auth.service.password", DEMO_PASSWORD);
  }

  /** Gateway and embedded simulator (role {@code all}). */
  static TestGateway start(Vertx vertx, Map<String, String> overrides) {
    return start(vertx, overrides, new io.dssgateway.ops.GatewayMetrics());
  }

  /** The same, recording into {@code metrics} (give the Vertx from {@code metrics.vertxBuilder} for Vert.x's meters). */
  static TestGateway start(
      Vertx vertx, Map<String, String> overrides, io.dssgateway.ops.GatewayMetrics metrics) {
    Map<String, String> settings = defaults();
    settings.putAll(overrides);
    Application app =
        new Application(vertx, GatewaySettings.config(settings), metrics).start().await();
    return new TestGateway(vertx, app, app.gatewayPort(), app.simulatorPort());
  }

  /** The second account's own eval board (the default fleet belongs to the demo account). */
  static final String OTHERS_DSN = "AC000W000BOB0001";

  /** Settings giving the second account a board of its own, {@link #OTHERS_DSN}, through a devices file in {@code dir}. */
  static Map<String, String> withOthersBoard(java.nio.file.Path dir) {
    java.nio.file.Path devices = dir.resolve("others-board.json");
    try {
      java.nio.file.Files.writeString(
          devices,
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("dsn", OTHERS_DSN)
                      .put("oem_model", "ledevb")
                      .put("owner", OTHER)
                      .put(
                          "properties",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("name", "Blue_button")
                                      .put("base_type", "boolean")
                                      .put("value", 0))))
              .encode());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> settings = new HashMap<>();
    settings.put("sim.devices-file", devices.toString());
    return settings;
  }

  static TestGateway start(Vertx vertx) {
    return start(vertx, Map.of());
  }

  /** A simulator alone (role {@code simulator}); stop it with {@code shutdown()}. */
  static Application startSimulator(Vertx vertx) {
    return startSimulator(vertx, Map.of());
  }

  static Application startSimulator(Vertx vertx, Map<String, String> overrides) {
    Map<String, String> settings = defaults();
    settings.put("role", "simulator");
    settings.putAll(overrides);
    return new Application(vertx, GatewaySettings.config(settings)).start().await();
  }

  /** The settings of a gateway alone (role {@code gateway}) whose Ayla is the given simulator. */
  static Map<String, String> gatewaySettings(int simPort, Map<String, String> overrides) {
    Map<String, String> settings = defaults();
    settings.put("role", "gateway");
    String base = "http://127.0.0.1:" + simPort;
    settings.put("ayla.user-url", base);
    settings.put("ayla.ads-url", base);
    settings.put("ayla.dss-url", base);
    settings.put("ayla.dss-ws-url", "ws://127.0.0.1:" + simPort + "/stream");
    settings.putAll(overrides);
    return settings;
  }

  /** Clients for a gateway running elsewhere (its own process): {@link #shutdownGateway} leaves it alone. */
  static TestGateway external(Vertx vertx, int port, int simPort) {
    return new TestGateway(vertx, null, port, simPort);
  }

  /** A gateway alone (role {@code gateway}) whose Ayla is the given simulator. */
  static TestGateway gatewayFor(Vertx vertx, int simPort, Map<String, String> overrides) {
    Map<String, String> settings = gatewaySettings(simPort, overrides);
    Application app = new Application(vertx, GatewaySettings.config(settings)).start().await();
    return new TestGateway(vertx, app, app.gatewayPort(), simPort);
  }

  private static Map<String, String> defaults() {
    Map<String, String> settings = new HashMap<>();
    settings.put("http.port", "0");
    settings.put("http.host", "127.0.0.1");
    settings.put("sim.port", "0");
    settings.put("sim.accounts", DEMO + ":" + DEMO_PASSWORD + "," + OTHER + ":" + OTHER_PASSWORD);
    settings.put("hub.store-path", "mem");
    settings.put("hub.linger-ms", "300");
    settings.put("log.access", "false");
    return settings;
  }

  /** Shuts the gateway down (as on a restart) but keeps this fixture's clients usable. */
  void shutdownGateway() {
    if (!shutDown && app != null) {
      shutDown = true;
      try {
        app.shutdown().await(20, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("Application.shutdown() did not complete within 20 s", e);
      }
    }
  }

  void stop() {
    shutdownGateway();
    web.close();
    sse.close().await();
  }

  // ---- gateway API

  String login(String email, String password) {
    HttpResponse<Buffer> r =
        post("/api/login", null, new JsonObject().put("email", email).put("password", password));
    assertThat(r.statusCode()).as("login %s: %s", email, r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getString("access_token");
  }

  String loginDemo() {
    return login(DEMO, DEMO_PASSWORD);
  }

  HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> req = web.request(method, port, "127.0.0.1", path);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return req;
  }

  HttpResponse<Buffer> get(String path, String token) {
    return request(HttpMethod.GET, path, token).send().await();
  }

  HttpResponse<Buffer> post(String path, String token, JsonObject body) {
    HttpRequest<Buffer> req = request(HttpMethod.POST, path, token);
    return (body == null ? req.send() : req.sendJsonObject(body)).await();
  }

  /** Any request with the given headers and, when not null, body. */
  HttpResponse<Buffer> send(
      HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
    HttpRequest<Buffer> req = web.request(method, port, "127.0.0.1", uri);
    headers.forEach(req::putHeader);
    return (body == null ? req.send() : req.sendBuffer(body)).await();
  }

  /** A JSON error with a stable code, a message and no stack trace. */
  static void assertJsonError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as("status; body %s", r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    assertThat(r.bodyAsString()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  JsonArray streams(String token) {
    HttpResponse<Buffer> r = get("/api/streams", token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("streams");
  }

  /** Opens {@code /events?query} with a bearer token and, when given, a Last-Event-ID. */
  SseClient events(String query, String token, String lastEventId) {
    return eventsAsync(query, token, lastEventId).await();
  }

  SseClient events(String query, String token) {
    return events(query, token, null);
  }

  Future<SseClient> eventsAsync(String query, String token, String lastEventId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "text/event-stream");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return SseClient.open(sse, port, "/events?" + query, headers);
  }

  /** An open stream that has been attached: its head and the "stream open" comment arrived. */
  SseClient openStream(String query, String token, String lastEventId) {
    SseClient c = events(query, token, lastEventId);
    assertThat(c.status()).as("GET /events?%s", query).isEqualTo(200);
    return c.await(s -> s.comments().contains("stream open"), Duration.ofSeconds(10));
  }

  // ---- simulator control API

  JsonObject simStats() {
    return simCall(HttpMethod.GET, "/sim/stats", null);
  }

  /** Publishes one from-device datapoint per value; returns once all are published. */
  void publish(String dsn, String property, List<?> values) {
    simCall(
        HttpMethod.POST,
        "/sim/datapoints",
        new JsonObject()
            .put("dsn", dsn)
            .put("property_name", property)
            .put("values", new JsonArray(List.copyOf(values))));
  }

  /** The same, without waiting: for publishing while a browser disconnects or an upstream drops. */
  Future<JsonObject> publishAsync(String dsn, String property, List<?> values) {
    return web.request(HttpMethod.POST, simPort, "127.0.0.1", "/sim/datapoints")
        .sendJsonObject(
            new JsonObject()
                .put("dsn", dsn)
                .put("property_name", property)
                .put("values", new JsonArray(List.copyOf(values))))
        .map(
            r -> {
              assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
              return r.bodyAsJsonObject();
            });
  }

  void connectivity(String dsn, String status) {
    simCall(
        HttpMethod.POST,
        "/sim/devices/" + dsn + "/connectivity",
        new JsonObject().put("status", status));
  }

  /**
   * Ayla forgets the one subscription behind {@code token}'s stream; returns the id of the one the
   * gateway recreated, once it has.
   */
  long loseSubscriptionAndAwaitItsSuccessor(String token) {
    long oldId = streams(token).getJsonObject(0).getLong("subscription_id");
    assertThat(simCall(HttpMethod.DELETE, "/sim/subscriptions", null).getInteger("deleted"))
        .isEqualTo(1);
    io.dssgateway.Eventually.until(
        "the gateway recreates the deleted subscription",
        Duration.ofSeconds(20),
        () -> streams(token).getJsonObject(0).getLong("subscription_id") != oldId);
    return streams(token).getJsonObject(0).getLong("subscription_id");
  }

  void dropUpstreamSockets() {
    simCall(HttpMethod.POST, "/sim/sockets/drop", new JsonObject());
  }

  JsonObject simCall(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> req = web.request(method, simPort, "127.0.0.1", path);
    HttpResponse<Buffer> r = (body == null ? req.send() : req.sendJsonObject(body)).await();
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.bodyAsString()).isBetween(200, 299);
    return r.bodyAsJsonObject();
  }

  /** Integers from..to-1 as datapoint values. */
  static List<Integer> range(int from, int to) {
    return java.util.stream.IntStream.range(from, to).boxed().toList();
  }
}
