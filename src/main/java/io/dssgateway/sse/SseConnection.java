package io.dssgateway.sse;

import io.dssgateway.common.Position;
import io.dssgateway.hub.Channel;
import io.dssgateway.hub.Cursor;
import io.dssgateway.hub.DeviceStates;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.HubEvent;
import io.dssgateway.hub.HubStream;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.vertx.DirectSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One browser's stream. Lives on its event loop: events are appended to a pending batch and
 * written once per drain of its {@link LoopGroup}, so a burst costs one write per browser, not
 * one per event. Once the head is out on HTTP/1.1, a live event goes as a duplicate of the chunk
 * its loop framed once ({@link SharedChunk}); before that, and on HTTP/2, events are copied into
 * the batch. The cursor it writes names, for every stream it reads, the last seq delivered.
 * A browser whose unsent bytes pass the bound is cut off (it reconnects and resumes).
 */
final class SseConnection {

  private static final long AHEAD_MILLIS = 120_000;

  private final HttpServerResponse response;
  private final StreamUser user;
  private final Filter filter;
  private final boolean snapshot; // it asked for the devices' state first, and again after any loss
  private final SseConfig config;
  private final SseObserver observer;
  private HubStream[] streams = new HubStream[0];
  private Position[] positions = new Position[0];
  private Position[] loopPositions = new Position[0]; // where its loop stands in each stream
  private boolean[] sameFilter = new boolean[0];
  private final PendingBatch pending = new PendingBatch();
  private java.util.Map<String, Long> ahead; // values its snapshot took ahead of the stream
  private long aheadUntilMillis;
  private boolean awaitingDrain;
  private final EventCounts pendingEvents = new EventCounts();
  private long oldestPendingNanos;
  private long lastWriteMillis; // through the response (the server's idle timeout sees those)
  private boolean started;
  private boolean closed;
  private boolean queued;
  private boolean headersReleased;
  private Hub.Attachment attachment;
  private RoutingContext request; // until the hub answers the attach
  private DirectSocket socket; // HTTP/1.1: past the encoder, once the head is out

  SseConnection(
      RoutingContext request,
      StreamUser user,
      Filter filter,
      boolean snapshot,
      SseConfig config,
      SseObserver observer) {
    this.request = request;
    this.response = request.response();
    this.user = user;
    this.filter = filter;
    this.snapshot = snapshot;
    this.config = config;
    this.observer = observer;
  }

  /** The hub's snapshot arrived: send headers, then replay and gaps, in cursor order. */
  void joined(
      List<Channel.Joined> joined,
      long nowMillis,
      java.util.function.BiPredicate<HubStream, HubEvent> allowed) {
    // An open stream never reads its request headers again, and the request lives as long as the
    // stream: letting them go frees the token (the largest of them) for every idle browser.
    socket = DirectSocket.of(request.request());
    request.request().headers().clear();
    request = null;
    int n = joined.size();
    streams = new HubStream[n];
    positions = new Position[n];
    loopPositions = new Position[n];
    sameFilter = new boolean[n];
    for (int i = 0; i < n; i++) {
      Channel.Joined j = joined.get(i);
      streams[i] = j.stream();
      // the replay, if any, moves it to the head
      positions[i] =
          new Position(
              j.subscriptionId(), j.replay().isEmpty() ? j.headSeq() : j.replay().get(0).seq() - 1);
      sameFilter[i] =
          filter == null
              || filter.forType(j.stream().key().eventType()).equals(j.stream().key().filter());
    }
    start(nowMillis);
    for (Channel.Joined j : joined) {
      if (j.upstreamDownSince() > 0) {
        append(SseFormat.upstream(j.stream().key().eventType(), false, j.upstreamDownSince()));
      }
    }
    if (joined.get(0).snapshot() != null) {
      writeSnapshot(joined, nowMillis);
      return;
    }
    if (joined.stream()
            .allMatch(j -> j.gap() == null && j.replay().isEmpty() && j.holes().isEmpty())
        && java.util.Arrays.stream(positions).allMatch(p -> p.subscriptionId() != 0)) {
      // nothing to catch up: the cursor alone (an id without data), so a browser that gets no event
      // before its connection drops still resumes from here, not from whatever is live then
      append(SseFormat.idLine(cursor()).appendString("\n"));
    }
    for (int i = 0; i < n; i++) {
      Channel.Joined j = joined.get(i);
      if (j.gap() != null) {
        writeGap(j.gap());
      }
      if (!j.replay().isEmpty()) {
        observer.replayed(j.replay().size());
      }
      int h = 0;
      for (int k = 0; k < j.replay().size(); k++) {
        for (; h < j.holes().size() && j.holes().get(h).beforeIndex() == k; h++) {
          writeHole(i, j.holes().get(h).gap());
        }
        HubEvent e = j.replay().get(k);
        offer(i, e, allowed.test(j.stream(), e) && matches(e), null);
      }
    }
  }

  /**
   * The state of its devices as of every stream's head, after what it lost (if anything): it stands
   * in for the replay, so the browser goes on from the heads.
   */
  private void writeSnapshot(List<Channel.Joined> joined, long nowMillis) {
    for (int i = 0; i < joined.size(); i++) {
      Channel.Joined j = joined.get(i);
      positions[i] = new Position(j.subscriptionId(), j.headSeq());
      if (j.gap() != null) {
        writeGap(j.gap());
      }
      j.holes().forEach(h -> writeGap(h.gap()));
    }
    Channel.Snapshot snapshot = joined.get(0).snapshot();
    append(SseFormat.event(cursor(), "snapshot", snapshot.json().encode()));
    if (!snapshot.ahead().isEmpty()) {
      ahead = new java.util.HashMap<>(snapshot.ahead());
      aheadUntilMillis = nowMillis + AHEAD_MILLIS;
    }
  }

  /**
   * A datapoint its snapshot already had from the device service (the stream brings it only now):
   * not sent again. Until a newer one of that property passes, or the stream has surely caught up.
   */
  private boolean inSnapshot(StreamEvent e) {
    String key = e.propertyName() == null ? null : Channel.Snapshot.key(e.dsn(), e.propertyName());
    Long had = key == null ? null : ahead.get(key);
    if (had == null) {
      return false;
    }
    JsonObject datapoint = new JsonObject(e.json()).getJsonObject("datapoint");
    long at =
        datapoint == null
            ? 0
            : DeviceStates.micros(
                datapoint.getString("updated_at", datapoint.getString("created_at")));
    if (at > had) {
      ahead.remove(key);
      if (ahead.isEmpty()) {
        ahead = null;
      }
      return false;
    }
    return true;
  }

  /**
   * The upstream behind {@code stream} dropped or is live again: {@code notice}, its {@code event:
   * upstream} framed once for every browser of the loop. Returns true when the connection has
   * something to flush.
   */
  boolean upstream(HubStream stream, Buffer notice) {
    for (HubStream s : streams) {
      if (s == stream && !closed) {
        append(notice);
        return true;
      }
    }
    return false;
  }

  /**
   * A browser that keeps its devices' state lost live events: rather than a gap it cannot mend, its
   * stream ends with a retry hint before them, and its reconnect gets the gap and a fresh snapshot.
   */
  private void reconnectForSnapshot() {
    observer.gap();
    end(SseFormat.retry(config.jitteredRetry()));
  }

  /**
   * Queues a live event; {@code matchesStream} is whether it matches the stream's own filter,
   * worked out once per event for all connections that asked for exactly that filter, and
   * {@code allowed} whether the scope may see its device at all (a refused one only moves the cursor).
   * Returns true when the connection has something to flush.
   */
  boolean offer(
      HubStream stream,
      HubEvent event,
      boolean matchesStream,
      boolean allowed,
      SharedChunk shared) {
    for (int i = 0; i < streams.length; i++) {
      if (streams[i] == stream) {
        offer(i, event, sameFilter[i] ? matchesStream : allowed && matches(event), shared);
        return !pending.isEmpty();
      }
    }
    return false;
  }

  private boolean matches(HubEvent e) {
    return filter == null
        || filter.matches(e.event().oemModel(), e.event().dsn(), e.event().propertyName());
  }

  /**
   * The stream went on past seqs {@code from..to} that nobody got (the upstream skipped them): an
   * {@code event: gap} with reason {@code upstream_skipped}, its id past them. Returns true when the
   * connection has something to flush.
   */
  boolean skipped(HubStream stream, long from, long to) {
    for (int i = 0; i < streams.length; i++) {
      if (streams[i] == stream && !closed && positions[i].lastSeq() < to) {
        if (snapshot) {
          reconnectForSnapshot();
          return false;
        }
        writeHole(i, new Channel.Gap(stream.key().eventType(), from, to, "upstream_skipped"));
        return !pending.isEmpty();
      }
    }
    return false;
  }

  private void offer(int i, HubEvent e, boolean matches, SharedChunk shared) {
    if (closed) {
      return;
    }
    if (snapshot
        && positions[i].subscriptionId() != 0
        && e.subscriptionId() != positions[i].subscriptionId()) {
      reconnectForSnapshot();
      return;
    }
    Position.Arrival arrival = positions[i].arrive(e.subscriptionId(), e.seq());
    if (arrival.opensSubscription()) {
      positions[i].resubscribed(
          e.subscriptionId()); // the gap's id: the new incarnation with none of it had yet
      writeGap(new Channel.Gap(streams[i].key().eventType(), 0, 0, "upstream_resubscribed"));
      positions[i].arrive(e.seq());
    } else if (!arrival.isNew()) {
      return; // it has this one already (it resumed here with a cursor from another replica)
    }
    if (!matches || ahead != null && inSnapshot(e.event())) {
      return;
    }
    if (streams.length == 1 && shared != null && pending.direct()) {
      pending.add(shared.retainedDuplicate());
    } else {
      append(streams.length == 1 ? e.position() : SseFormat.idLine(cursor()));
      append(e.body());
    }
    if (pendingEvents.total() == 0) {
      oldestPendingNanos = e.receivedNanos();
    }
    pendingEvents.add(e.event().eventType(), 1);
  }

  /**
   * Writes the pending batch in one write, adding what it wrote to {@code tally}. Returns false
   * when the browser was cut off as too slow.
   */
  boolean flush(long nowMillis, FlushTally tally) {
    if (pending.isEmpty() || closed) {
      return true;
    }
    if (response.writeQueueFull()) {
      // HTTP/2 reports "full" as soon as the peer's flow-control window (often 64 KiB) is used up,
      // so hold the batch until the socket drains; cut off only past our own bound.
      if (pending.size() > config.maxQueuedBytes()) {
        observer.slowClientCut();
        pending.discard(); // past the bound: what it has not taken it resumes later with its cursor
        pendingEvents.clear();
        end(SseFormat.retry(config.jitteredRetry()));
        return false;
      }
      if (!awaitingDrain) {
        awaitingDrain = true;
        response.drainHandler(
            v -> {
              awaitingDrain = false;
              FlushTally alone = new FlushTally(observer);
              flush(System.currentTimeMillis(), alone);
              alone.report();
            });
      }
      return true;
    }
    if (pending.direct()) {
      // Past the idle-timeout handler too: this write does not count as one for the keep-alives,
      // which do pass it and so keep a busy stream from being closed as idle.
      pending.writeToSocket(true);
    } else {
      pending.writeWith(response::write);
      lastWriteMillis = nowMillis;
      if (socket != null) {
        pending.writeDirectlyTo(socket); // the head is out: the rest skips Vert.x and the encoder
        socket = null;
      }
    }
    if (!headersReleased) {
      headersReleased = true;
      response.headers().clear(); // written with the first batch; an idle stream need not keep them
    }
    tally.add(pendingEvents, oldestPendingNanos);
    pendingEvents.clear();
    return true;
  }

  /** Keep-alive and credential expiry, checked by the group's one periodic sweep. */
  void sweep(long nowMillis) {
    if (!started || closed) {
      return;
    }
    if (ahead != null && nowMillis > aheadUntilMillis) {
      ahead = null;
    }
    if (user.expiresAt() != null && user.expiresAt().toEpochMilli() <= nowMillis) {
      expire("credential_expired");
    } else if (nowMillis - lastWriteMillis >= config.keepAliveMillis()) {
      response.write(SseFormat.KEEP_ALIVE);
      lastWriteMillis = nowMillis;
    }
  }

  /** Ends the stream with {@code event: expired} after a jittered retry hint (credential expired, session ended). */
  void expire(String reason) {
    end(
        SseFormat.retry(config.jitteredRetry())
            .appendBuffer(
                SseFormat.event(null, "expired", new JsonObject().put("reason", reason).encode())));
  }

  /** Whether this stream was opened with a credential of that gateway session. */
  boolean ofSession(String sessionId) {
    return sessionId.equals(user.sessionId());
  }

  /** Ends the stream with a last message (e.g. a jittered retry hint on shutdown). */
  void end(Buffer last) {
    if (closed) {
      return;
    }
    closed = true;
    if (!started) {
      response
          .setStatusCode(503)
          .putHeader("Content-Type", "application/json")
          .end(
              new JsonObject()
                  .put("error", "unavailable")
                  .put("message", "The stream is closing")
                  .encode());
      return;
    }
    if (pending.direct()) {
      pending.writeToSocket(
          false); // in order before the last chunk, which Vert.x writes and flushes
      response.end(last);
      return;
    }
    append(last);
    pending.writeWith(response::end);
  }

  private void start(long nowMillis) {
    if (started) {
      return;
    }
    started = true;
    // The first keep-alive comes within one interval, at a random point of it: streams opened
    // together (a crowd reconnecting) then do not all take their keep-alives in the same sweep.
    lastWriteMillis = nowMillis - ThreadLocalRandom.current().nextLong(config.keepAliveMillis());
    response
        .setStatusCode(200)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    response.setChunked(true);
    response.setWriteQueueMaxSize(config.maxQueuedBytes());
    append(SseFormat.retry(config.retryMillis()));
    append(SseFormat.comment("stream open"));
  }

  /** Seqs lost in the middle of a replay: the gap's id is past them, so a reconnect after it is not told again. */
  private void writeHole(int i, Channel.Gap gap) {
    positions[i].resume(positions[i].subscriptionId(), gap.toSeq());
    writeGap(gap);
  }

  private void writeGap(Channel.Gap gap) {
    observer.gap();
    JsonObject data =
        new JsonObject().put("subscription_type", gap.eventType()).put("reason", gap.reason());
    if (gap.toSeq() >= gap.fromSeq() && gap.fromSeq() > 0) {
      data.put("from_seq", gap.fromSeq()).put("to_seq", gap.toSeq());
    }
    append(SseFormat.event(cursor(), "gap", data.encode()));
  }

  private void append(Buffer b) {
    pending.append(b);
  }

  /**
   * For each stream, the later of the last event written here and where its loop stands: every event
   * of the stream up to the loop's position was offered here if this browser could want it (routing by
   * device skips the others), so a resume from there misses nothing of its own.
   */
  private String cursor() {
    Position[] effective = positions;
    for (int i = 0; i < positions.length; i++) {
      Position loop = loopPositions[i];
      if (loop != null
          && loop.subscriptionId() == positions[i].subscriptionId()
          && loop.lastSeq() > positions[i].lastSeq()) {
        if (effective == positions) {
          effective = positions.clone();
        }
        effective[i] = loop;
      }
    }
    return Cursor.format(effective);
  }

  boolean isClosed() {
    return closed;
  }

  void markClosed() {
    closed = true;
    pending.discard();
  }

  /** Marks the connection as queued for the group's flush; false when it already was. */
  boolean markQueued() {
    if (queued) {
      return false;
    }
    queued = true;
    return true;
  }

  void unmarkQueued() {
    queued = false;
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * Reads {@code to} instead of {@code from} from now on, standing at {@code at} in it (the last event
   * of it that it already had from {@code from}); the attachment it gives back names {@code to}.
   */
  void switchStream(HubStream from, HubStream to, Position at, Position loopPosition) {
    for (int i = 0; i < streams.length; i++) {
      if (streams[i] == from) {
        streams[i] = to;
        positions[i] = new Position(at.subscriptionId(), at.lastSeq());
        loopPositions[i] = loopPosition;
        sameFilter[i] =
            filter == null || filter.forType(to.key().eventType()).equals(to.key().filter());
      }
    }
    if (attachment != null) {
      List<HubStream> now = attachment.streams().stream().map(s -> s == from ? to : s).toList();
      attachment = new Hub.Attachment(now, attachment.channel());
    }
  }

  /** Reads stream {@code i} along with its loop, which stands at {@code loopPosition}. */
  void readsAlong(int i, Position loopPosition) {
    loopPositions[i] = loopPosition;
  }

  /** The devices it asked for (empty: every device its streams carry), by which its loop routes events to it. */
  java.util.Set<String> devices() {
    return filter == null ? java.util.Set.of() : filter.dsns();
  }

  HubStream[] streams() {
    return streams;
  }

  void attachment(Hub.Attachment attachment) {
    this.attachment = attachment;
  }

  /** The attachment, once: whoever takes it gives it back to the hub. */
  Hub.Attachment takeAttachment() {
    Hub.Attachment a = attachment;
    attachment = null;
    return a;
  }

  /** The hub refused the attach: the browser gets the error as JSON, unless it already left. */
  void refused(Throwable cause) {
    RoutingContext ctx = request;
    request = null;
    if (ctx != null && !response.headWritten() && !response.closed()) {
      ctx.fail(cause);
    }
  }
}
