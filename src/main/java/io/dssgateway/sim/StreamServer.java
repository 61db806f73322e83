package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The DSS WebSocket endpoint {@code /stream?stream_key=..[&seq_start=N][&seq_end=M]}.
 * <ul>
 *   <li>Refusals happen before the upgrade, as JSON errors: missing key or bad seq_start/seq_end
 *   (non-numeric, negative, end &lt; start) → 400; unknown key → 404; key already connected → 409;
 *   more than {@code sim.max-sockets} open → 503.</li>
 *   <li>Replay: with seq_start, every retained event from seq_start on (from the oldest retained one
 *   when seq_start is older than the bounded log), then live events. seq_end bounds everything the
 *   socket delivers (replay and live): after seq M the socket stays open with heartbeats only.</li>
 *   <li>Heartbeats: one periodic timer for all sockets sends {@code 1|Z}; the client answers {@code Z};
 *   a socket with two unanswered heartbeats is closed with 4000 on the next tick.</li>
 *   <li>Any client frame other than the text {@code Z} (binary, other text) is a policy violation:
 *   closed with 1008. Frames above 1 KiB are closed by the WebSocket layer with 1009.</li>
 * </ul>
 */
final class StreamServer {

  private final Vertx vertx;
  private final Subscriptions subscriptions;
  private final SimStats stats;
  private final SimConfig config;
  private final Set<StreamSocket> open = new LinkedHashSet<>();
  private int upgrading;
  private long timerId = -1;
  boolean sendHeartbeats = true;
  boolean requireReply = true;
  boolean countReplies = true;

  StreamServer(Vertx vertx, SimConfig config, Subscriptions subscriptions, SimStats stats) {
    this.vertx = vertx;
    this.config = config;
    this.subscriptions = subscriptions;
    this.stats = stats;
  }

  void mount(Router router) {
    router.get("/stream").handler(this::connect);
    router.delete("/stream").handler(this::closeByKey);
  }

  /** Arms the one heartbeat timer (call on the simulator's context). */
  void startHeartbeats() {
    timerId = vertx.setPeriodic(config.heartbeatIntervalMs(), id -> heartbeatTick());
  }

  /** Stops the timer and closes every socket. */
  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    closeAll(CloseCodes.GOING_AWAY, "simulator stopping");
  }

  int closeAll(short code, String reason) {
    List<StreamSocket> all = new ArrayList<>(open);
    all.forEach(s -> s.close(code, reason));
    return all.size();
  }

  int openCount() {
    return open.size();
  }

  void sendToAll(String text) {
    new ArrayList<>(open).forEach(s -> s.send(text));
  }

  JsonObject heartbeatPolicy() {
    return new JsonObject()
        .put("send", sendHeartbeats)
        .put("require_reply", requireReply)
        .put("count_replies", countReplies);
  }

  private void heartbeatTick() {
    if (!sendHeartbeats) {
      return;
    }
    for (StreamSocket s : new ArrayList<>(open)) {
      if (requireReply && s.unansweredHeartbeats >= config.heartbeatMisses()) {
        stats.socketsClosedForMissedHeartbeats++;
        s.close(CloseCodes.HEARTBEAT_TIMEOUT, "heartbeats unanswered");
        continue;
      }
      s.unansweredHeartbeats++;
      s.send(Frames.HEARTBEAT);
      stats.heartbeatsSent++;
    }
  }

  private void connect(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    String key = req.getParam("stream_key");
    if (key == null || key.isBlank()) {
      throw HttpError.badRequest("missing_stream_key", "stream_key is required");
    }
    long seqStart = seqParam(req, "seq_start", -1);
    long seqEnd = seqParam(req, "seq_end", Long.MAX_VALUE);
    if (seqStart >= 0 && seqEnd < seqStart) {
      throw HttpError.badRequest("invalid_seq_range", "seq_end must not be less than seq_start");
    }
    SimSubscription sub =
        subscriptions.byStreamKey(key).orElseThrow(() -> HttpError.notFound("Unknown stream_key"));
    if (sub.socket != null || sub.connecting) {
      stats.socketsRefused++;
      throw new HttpError(
          409, "stream_in_use", "A socket is already connected with this stream_key");
    }
    if (open.size() + upgrading >= config.maxSockets()) {
      stats.socketsRefused++;
      throw HttpError.unavailable(
              "too_many_sockets", "The simulator holds its maximum of open sockets")
          .withHeader("Retry-After", "1");
    }
    sub.connecting = true;
    upgrading++;
    req.toWebSocket()
        .onComplete(
            ar -> {
              sub.connecting = false;
              upgrading--;
              if (ar.succeeded()) {
                attach(ar.result(), sub, seqStart, seqEnd);
              }
            });
  }

  private void attach(ServerWebSocket ws, SimSubscription sub, long seqStart, long seqEnd) {
    if (subscriptions.byStreamKey(sub.streamKey).isEmpty()) {
      ws.close(CloseCodes.SUBSCRIPTION_DELETED, "subscription deleted");
      return;
    }
    ws.setWriteQueueMaxSize(config.writeQueueBytes());
    StreamSocket[] holder = new StreamSocket[1];
    StreamSocket socket = new StreamSocket(ws, sub, seqEnd, stats, () -> detach(holder[0]));
    holder[0] = socket;
    sub.socket = socket;
    open.add(socket);
    ws.closeHandler(v -> socket.close(CloseCodes.GOING_AWAY, "closed"));
    ws.exceptionHandler(err -> socket.close(CloseCodes.POLICY_VIOLATION, "protocol error"));
    ws.textMessageHandler(text -> onClientText(socket, text));
    ws.binaryMessageHandler(buf -> reject(socket));
    if (seqStart >= 0) {
      sub.replay(seqStart, seqEnd).forEach(socket::send);
    }
  }

  private void onClientText(StreamSocket socket, String text) {
    if (!"Z".equals(text)) {
      reject(socket);
      return;
    }
    stats.zReceived++;
    if (countReplies) {
      socket.unansweredHeartbeats = 0;
    }
  }

  private void reject(StreamSocket socket) {
    stats.clientFramesRejected++;
    socket.close(CloseCodes.POLICY_VIOLATION, "only Z may be sent");
  }

  private void detach(StreamSocket socket) {
    open.remove(socket);
    if (socket.subscription.socket == socket) {
      socket.subscription.socket = null;
    }
  }

  /** {@code DELETE /stream?stream_key=..}: closes the stream connection from outside (Ayla's proxy sample). */
  private void closeByKey(RoutingContext ctx) {
    String key = ctx.request().getParam("stream_key");
    SimSubscription sub = key == null ? null : subscriptions.byStreamKey(key).orElse(null);
    if (sub == null) {
      throw HttpError.notFound("Unknown stream_key");
    }
    boolean wasOpen = sub.socket != null;
    if (wasOpen) {
      sub.socket.close(CloseCodes.CLOSED_BY_REQUEST, "closed by request");
    }
    ctx.json(new JsonObject().put("closed", wasOpen));
  }

  private static long seqParam(HttpServerRequest req, String name, long absent) {
    String v = req.getParam(name);
    if (v == null) {
      return absent;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("invalid_" + name, name + " must be a non-negative integer");
    }
  }
}
