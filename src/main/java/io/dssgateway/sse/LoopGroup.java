package io.dssgateway.sse;

import io.dssgateway.common.Position;
import io.dssgateway.hub.Channel;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.HubEvent;
import io.dssgateway.hub.HubStream;
import io.dssgateway.hub.StreamEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The browsers of one event loop. The hub hands it joins and events through one FIFO queue; one
 * task drains the queue, appends each event to every local browser reading that stream (the
 * buffer is shared, never re-encoded), then writes each browser's batch once. One periodic sweep
 * per loop does keep-alives and credential expiry: no per-connection timers.
 */
final class LoopGroup implements Channel<SseConnection> {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoopGroup.class);

  private record Join(SseConnection connection, Hub.Attachment attachment, List<Joined> streams) {}

  private record Refusal(SseConnection connection, Throwable cause) {}

  private record Delivery(HubStream stream, HubEvent event) {}

  private record Move(Channel.Handover handover) {}

  private record Upstream(HubStream stream, boolean live, long sinceMillis) {}

  private final Context context;
  private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Map<HubStream, StreamReaders<SseConnection>> readers = new HashMap<>();
  private final Set<SseConnection> connections = new LinkedHashSet<>();
  private final List<SseConnection> dirty = new ArrayList<>();
  private final List<Handoff> handoffs = new ArrayList<>();
  private final SharedChunk shared = new SharedChunk();
  private final SseObserver observer;
  private final FlushTally tally;
  private final Hub hub;
  private final DeviceAccess devices;
  private SseConfig drainingWith;
  private long
      offers; // events offered to browsers, for tests: routing by device keeps it to those that may

  // want them

  LoopGroup(Context context, long sweepMillis, SseObserver observer, Hub hub) {
    this(context, sweepMillis, observer, hub, DeviceAccess.ALL);
  }

  LoopGroup(
      Context context, long sweepMillis, SseObserver observer, Hub hub, DeviceAccess devices) {
    this.context = context;
    this.observer = observer;
    this.tally = new FlushTally(observer);
    this.hub = hub;
    this.devices = devices;
    context.owner().setPeriodic(sweepMillis, sweepMillis, id -> sweep());
  }

  @Override
  public void joined(SseConnection connection, Hub.Attachment attachment, List<Joined> streams) {
    post(new Join(connection, attachment, streams));
  }

  @Override
  public void refused(SseConnection connection, Throwable cause) {
    post(new Refusal(connection, cause));
  }

  @Override
  public void deliver(HubStream stream, HubEvent event) {
    post(new Delivery(stream, event));
  }

  @Override
  public void move(Channel.Handover handover) {
    post(new Move(handover));
  }

  @Override
  public void upstream(HubStream stream, boolean live, long sinceMillis) {
    post(new Upstream(stream, live, sinceMillis));
  }

  /** Called on this loop when a browser's connection ended, whichever way; lets go of its streams once. */
  void remove(SseConnection connection) {
    connection.markClosed();
    if (connections.remove(connection)) {
      observer.connectionClosed();
    }
    Hub.Attachment attachment = connection.takeAttachment();
    if (attachment != null) {
      hub.detach(attachment);
    }
    for (HubStream s : connection.streams()) {
      StreamReaders<SseConnection> routes = readers.get(s);
      if (routes != null && routes.remove(connection, connection.devices())) {
        readers.remove(s);
      }
    }
  }

  /** Ends every stream on this loop with a jittered retry hint (shutdown). */
  Future<Void> endAll(SseConfig config) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          drainingWith = config;
          for (SseConnection c : new ArrayList<>(connections)) {
            endForShutdown(c);
          }
          done.complete();
        });
    return done.future();
  }

  /** Ends, with {@code event: expired}, every stream on this loop opened with a credential of that session. */
  void endSession(String sessionId) {
    context.runOnContext(
        v -> {
          for (SseConnection c : new ArrayList<>(connections)) {
            if (c.ofSession(sessionId)) {
              c.expire("session_ended");
              remove(c);
            }
          }
        });
  }

  private void endForShutdown(SseConnection c) {
    c.end(
        SseFormat.retry(drainingWith.jitteredRetry())
            .appendBuffer(
                SseFormat.event(
                    null, "shutdown", new JsonObject().put("reason", "server_shutdown").encode())));
  }

  private void post(Object message) {
    inbox.add(message);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  private void drain() {
    scheduled.set(false);
    long now = System.currentTimeMillis();
    Object message;
    while ((message = inbox.poll()) != null) {
      if (message instanceof Delivery d) {
        StreamReaders<SseConnection> routes = readers.get(d.stream());
        if (routes != null) {
          StreamEvent e = d.event().event();
          boolean allowed = mayDeliver(d.stream(), e);
          boolean matchesStream =
              allowed && d.stream().key().filter().matches(e.oemModel(), e.dsn(), e.propertyName());
          shared.of(d.event());
          routes.offer(
              d.event().subscriptionId(),
              e.seq(),
              e.dsn(),
              c -> {
                offers++;
                if (c.offer(d.stream(), d.event(), matchesStream, allowed, shared)
                    && !c.isClosed()) {
                  markDirty(c);
                }
              },
              (c, from, to) -> {
                if (c.skipped(d.stream(), from, to) && !c.isClosed()) {
                  markDirty(c);
                }
              });
          shared.release();
        }
        if (!handoffs.isEmpty()) {
          handOff(d.stream(), d.event(), now);
        }
      } else if (message instanceof Upstream u) {
        StreamReaders<SseConnection> routes = readers.get(u.stream());
        if (routes != null) {
          Buffer notice =
              SseFormat.upstream(u.stream().key().eventType(), u.live(), u.sinceMillis());
          for (SseConnection c : routes.all()) {
            if (c.upstream(u.stream(), notice)) {
              markDirty(c);
            }
          }
        }
      } else if (message instanceof Move m) {
        startHandoff(m.handover(), now);
      } else if (message instanceof Join j) {
        join(j, now);
      } else if (message instanceof Refusal r) {
        r.connection().refused(r.cause());
      }
    }
    for (SseConnection c : dirty) {
      c.unmarkQueued();
      if (!c.flush(now, tally)) {
        remove(c);
      }
    }
    dirty.clear();
    tally.report();
  }

  private void startHandoff(Channel.Handover handover, long now) {
    StreamReaders<SseConnection> routes = readers.get(handover.from());
    if (routes == null) {
      handover.done().accept(0); // its browsers here have all left
      return;
    }
    Handoff h = new Handoff(handover, now);
    handoffs.add(h);
    if (h.ready(now)) {
      switchOver(h);
    }
  }

  /** Notes an event for the moves under way on this loop, and switches those that are ready. */
  private void handOff(HubStream stream, HubEvent event, long now) {
    for (int i = 0; i < handoffs.size(); i++) {
      Handoff h = handoffs.get(i);
      if (h.from() == stream) {
        h.fromEvent(event);
      } else if (h.to() == stream) {
        h.toEvent(event);
      } else {
        continue;
      }
      if (h.ready(now)) {
        switchOver(h);
        i--;
      }
    }
  }

  /**
   * Moves every browser of the old stream on this loop onto the new one, at the seq of the last
   * event they already had, and offers them the new stream's events after it.
   */
  private void switchOver(Handoff h) {
    handoffs.remove(h);
    if (h.forced()) {
      LOG.warn(
          "Moving browsers from {} to {} before the new stream was seen to catch up: an event may be"
              + " lost or repeated",
          h.from().key().canonical(),
          h.to().key().canonical());
    }
    StreamReaders<SseConnection> from = readers.remove(h.from());
    if (from == null) {
      h.handover().done().accept(0);
      return;
    }
    StreamReaders<SseConnection> to = readers.computeIfAbsent(h.to(), s -> new StreamReaders<>());
    long seq = h.switchSeq();
    List<SseConnection> moved = from.all();
    for (SseConnection c : moved) {
      c.switchStream(
          h.from(),
          h.to(),
          new Position(h.handover().toHead().subscriptionId(), seq),
          to.position());
      to.add(c, c.devices());
    }
    h.after(
        seq,
        (e, hadIt) -> {
          StreamEvent ev = e.event();
          boolean allowed = !hadIt && mayDeliver(h.to(), ev);
          boolean matchesStream =
              allowed && h.to().key().filter().matches(ev.oemModel(), ev.dsn(), ev.propertyName());
          for (SseConnection c : moved) {
            if (c.offer(h.to(), e, matchesStream, allowed, null) && !c.isClosed()) {
              markDirty(c);
            }
          }
          if (to.position().subscriptionId() == 0
              || to.position().subscriptionId() == e.subscriptionId()
                  && to.position().lastSeq() < e.seq()) {
            to.position().resume(e.subscriptionId(), e.seq());
          }
        });
    h.handover().done().accept(moved.size());
  }

  private void join(Join j, long now) {
    SseConnection c = j.connection();
    if (c.isClosed()) {
      hub.abandon(j.attachment()); // the browser left while its attach was under way: it never read
      // these streams
      return;
    }
    c.attachment(j.attachment());
    c.joined(
        j.streams(), now, (stream, e) -> devices.mayDeliver(stream.key().scope(), e.event().dsn()));
    if (drainingWith != null) {
      endForShutdown(
          c); // its attach finished after the drain began: it still gets the shutdown event
      return;
    }
    connections.add(c);
    observer.connectionOpened();
    for (int i = 0; i < j.streams().size(); i++) {
      StreamReaders<SseConnection> routes =
          readers.computeIfAbsent(j.streams().get(i).stream(), s -> new StreamReaders<>());
      routes.add(c, c.devices());
      c.readsAlong(i, routes.position());
    }
    markDirty(c);
  }

  /** The event loop this group lives on. */
  Context context() {
    return context;
  }

  /** Events offered to a browser of this loop so far (read on the loop's thread). */
  long offers() {
    return offers;
  }

  /** Whether the scope's browsers may see this event's device: once per event for all of them. */
  private boolean mayDeliver(HubStream stream, StreamEvent e) {
    String scope = stream.key().scope();
    if ("registration".equals(e.eventType()) && e.dsn() != null) {
      devices.registrationSeen(scope, e.dsn());
    }
    return devices.mayDeliver(scope, e.dsn());
  }

  private void markDirty(SseConnection c) {
    if (c.hasPending() && c.markQueued()) {
      dirty.add(c);
    }
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (Handoff h : new ArrayList<>(handoffs)) {
      if (h.ready(now)) {
        switchOver(h);
      }
    }
    for (SseConnection c : new ArrayList<>(connections)) {
      c.sweep(now);
      if (c.isClosed()) {
        remove(c);
      }
    }
  }
}
