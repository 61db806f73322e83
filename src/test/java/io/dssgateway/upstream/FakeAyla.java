package io.dssgateway.upstream;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A deliberately small stand-in for the Ayla cloud (sign-in, refresh, subscriptions, device list,
 * DSS WebSocket with seq_start replay) so the upstream layer can be tested on its own. Every
 * mutation runs on the server's context; test-thread calls go through {@link #on}.
 */
final class FakeAyla {

  final AtomicInteger signIns = new AtomicInteger();
  final AtomicInteger refreshes = new AtomicInteger();
  final AtomicInteger zReplies = new AtomicInteger();
  final AtomicInteger upgrades = new AtomicInteger();

  private final Vertx vertx;
  private final Map<Long, List<String>> logs = new HashMap<>();
  private final Map<String, Long> keys = new HashMap<>();
  private final Map<Long, ServerWebSocket> sockets = new HashMap<>();
  private String accessToken = token();
  private String refreshToken = token();
  private long nextId = 100;
  private Integer forcedUpgradeStatus;
  private HttpServer server;
  private Context context;

  FakeAyla(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Integer> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/users/sign_in.json").handler(this::signIn);
    router.post("/users/refresh_token.json").handler(this::refresh);
    router.route("/api/*").handler(this::requireToken);
    router.route("/apiv1/*").handler(this::requireToken);
    router.post("/api/v1/subscriptions.json").handler(this::createSubscription);
    router
        .get("/api/v1/subscriptions.json")
        .handler(
            ctx ->
                ctx.json(
                    new JsonArray(
                        logs.keySet().stream()
                            .map(id -> new JsonObject().put("subscription", subscriptionJson(id)))
                            .toList())));
    router
        .delete("/api/v1/subscriptions/:id")
        .handler(
            ctx -> {
              long id = Long.parseLong(ctx.pathParam("id").replace(".json", ""));
              deleteSubscription(id);
              ctx.response().setStatusCode(204).end();
            });
    router
        .get("/apiv1/devices.json")
        .handler(
            ctx ->
                ctx.json(
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("device", new JsonObject().put("dsn", "AC000W000340649")))));
    router
        .post("/apiv1/dsns/:dsn/properties/:name/datapoints.json")
        .handler(
            ctx -> {
              JsonObject body = ctx.body().asJsonObject();
              if (body == null || !body.containsKey("datapoint")) {
                ctx.response()
                    .setStatusCode(422)
                    .end("{\"errors\":{\"datapoint\":[\"is missing\"]}}");
                return;
              }
              ctx.response().setStatusCode(201).end(body.encode());
            });
    context = vertx.getOrCreateContext();
    Promise<Integer> port = Promise.promise();
    context.runOnContext(
        v ->
            vertx
                .createHttpServer()
                .webSocketHandshakeHandler(this::handshake)
                .webSocketHandler(this::accepted)
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .map(
                    s -> {
                      server = s;
                      return s.actualPort();
                    })
                .onComplete(port));
    return port.future();
  }

  Future<Void> stop() {
    return server.close();
  }

  /** Runs an action on the server's context. */
  <T> Future<T> on(Supplier<T> action) {
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> p.complete(action.get()));
    return p.future();
  }

  Future<Void> publish(long subscriptionId, int count) {
    return on(
        () -> {
          List<String> log = logs.get(subscriptionId);
          for (int i = 0; i < count; i++) {
            long seq = log.size() + 1;
            String json =
                "{\"seq\":\""
                    + seq
                    + "\",\"metadata\":{\"event_type\":\"datapoint\",\"dsn\":\"AC000W000340649\"},"
                    + "\"datapoint\":{\"value\":\"v|"
                    + seq
                    + "\"}}";
            String frame = json.getBytes(StandardCharsets.UTF_8).length + "|" + json;
            log.add(frame);
            ServerWebSocket ws = sockets.get(subscriptionId);
            if (ws != null) {
              ws.writeTextMessage(frame);
            }
          }
          return null;
        });
  }

  Future<Void> sendRaw(String text) {
    return on(
        () -> {
          sockets.values().forEach(ws -> ws.writeTextMessage(text));
          return null;
        });
  }

  Future<Void> heartbeat() {
    return sendRaw("1|Z");
  }

  Future<Void> dropSockets() {
    return on(
        () -> {
          new ArrayList<>(sockets.values()).forEach(ServerWebSocket::close);
          sockets.clear();
          return null;
        });
  }

  /** Sends an old seq again on every socket (as a buggy replay might). */
  Future<Void> resend(long subscriptionId, int seq) {
    return on(
        () -> {
          ServerWebSocket ws = sockets.get(subscriptionId);
          ws.writeTextMessage(logs.get(subscriptionId).get(seq - 1));
          return null;
        });
  }

  Future<Void> forceUpgradeStatus(Integer status) {
    return on(
        () -> {
          forcedUpgradeStatus = status;
          return null;
        });
  }

  Future<Void> expireTokens() {
    return on(
        () -> {
          accessToken = token();
          return null;
        });
  }

  Future<Void> deleteAllSubscriptions() {
    return on(
        () -> {
          new ArrayList<>(logs.keySet()).forEach(this::deleteSubscription);
          return null;
        });
  }

  String currentRefreshToken() {
    return refreshToken;
  }

  private void signIn(RoutingContext ctx) {
    JsonObject user = ctx.body().asJsonObject().getJsonObject("user");
    if (!"demo@example.com".equals(user.getString("email"))
        || !"demo1234".equals(user.getString("password"))) {
      ctx.response().setStatusCode(401).end("{\"error\":\"Invalid email or password\"}");
      return;
    }
    signIns.incrementAndGet();
    ctx.json(tokens());
  }

  private void refresh(RoutingContext ctx) {
    String presented = ctx.body().asJsonObject().getJsonObject("user").getString("refresh_token");
    if (!refreshToken.equals(presented)) {
      ctx.response().setStatusCode(401).end("{\"error\":\"bad refresh token\"}");
      return;
    }
    refreshes.incrementAndGet();
    accessToken = token();
    ctx.json(tokens());
  }

  private JsonObject tokens() {
    return new JsonObject()
        .put("access_token", accessToken)
        .put("refresh_token", refreshToken)
        .put("expires_in", 86400);
  }

  private void requireToken(RoutingContext ctx) {
    if (!("auth_token " + accessToken).equals(ctx.request().getHeader("Authorization"))) {
      ctx.response().setStatusCode(401).end("{\"error\":\"Your access token is invalid\"}");
      return;
    }
    ctx.next();
  }

  private void createSubscription(RoutingContext ctx) {
    JsonObject s = ctx.body().asJsonObject().getJsonObject("subscription");
    if (s == null || s.getString("oem_model") == null) {
      ctx.response().setStatusCode(422).end("{\"errors\":{\"oem_model\":[\"can't be blank\"]}}");
      return;
    }
    long id = nextId++;
    logs.put(id, new ArrayList<>());
    keys.put(token(), id);
    ctx.response()
        .setStatusCode(201)
        .end(new JsonObject().put("subscription", subscriptionJson(id).mergeIn(s, false)).encode());
  }

  private JsonObject subscriptionJson(long id) {
    String key =
        keys.entrySet().stream()
            .filter(e -> e.getValue() == id)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    return new JsonObject()
        .put("id", id)
        .put("stream_key", key)
        .put("subscription_type", "datapoint")
        .put("oem_model", "ledevb")
        .put("dsn", "*")
        .put("client_type", "cloud");
  }

  private void deleteSubscription(long id) {
    logs.remove(id);
    keys.values().removeIf(v -> v == id);
    ServerWebSocket ws = sockets.remove(id);
    if (ws != null) {
      ws.close();
    }
  }

  private void handshake(ServerWebSocketHandshake hs) {
    upgrades.incrementAndGet();
    Map<String, String> q = query(hs.query());
    Long id = keys.get(q.get("stream_key"));
    if (forcedUpgradeStatus != null) {
      hs.reject(forcedUpgradeStatus);
    } else if (id == null) {
      hs.reject(404);
    } else if (sockets.containsKey(id)) {
      hs.reject(409);
    } else {
      hs.accept();
    }
  }

  private void accepted(ServerWebSocket ws) {
    Map<String, String> q = query(ws.query());
    long id = keys.get(q.get("stream_key"));
    sockets.put(id, ws);
    ws.textMessageHandler(
        text -> {
          if ("Z".equals(text)) {
            zReplies.incrementAndGet();
          }
        });
    ws.closeHandler(v -> sockets.remove(id, ws));
    List<String> log = logs.get(id);
    int from = q.containsKey("seq_start") ? Integer.parseInt(q.get("seq_start")) : log.size() + 1;
    for (int seq = from; seq <= log.size(); seq++) {
      ws.writeTextMessage(log.get(seq - 1));
    }
  }

  private static Map<String, String> query(String query) {
    Map<String, String> out = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return out;
  }

  private static String token() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
