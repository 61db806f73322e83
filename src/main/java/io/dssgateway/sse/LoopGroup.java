package io.dssgateway.sse;

import io.dssgateway.common.SseFormat;
import io.dssgateway.hub.Channel;
import io.dssgateway.hub.HubEvent;
import io.dssgateway.hub.HubStream;
import io.dssgateway.upstream.DssEvent;
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
final class LoopGroup implements Channel {

  private record Join(SseConnection connection, List<Joined> streams) {
  }

  private record Delivery(HubStream stream, HubEvent event) {
  }

  private final Context context;
  private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Map<HubStream, List<SseConnection>> readers = new HashMap<>();
  private final Set<SseConnection> connections = new LinkedHashSet<>();
  private final List<SseConnection> dirty = new ArrayList<>();
  private final SseObserver observer;
  private SseConfig drainingWith;

  LoopGroup(Context context, long sweepMillis, SseObserver observer) {
    this.context = context;
    this.observer = observer;
    context.owner().setPeriodic(sweepMillis, sweepMillis, id -> sweep());
  }

  Context context() {
    return context;
  }

  @Override
  public void joined(Object subscriber, List<Joined> streams) {
    post(new Join((SseConnection) subscriber, streams));
  }

  @Override
  public void deliver(HubStream stream, HubEvent event) {
    post(new Delivery(stream, event));
  }

  /** Called on this loop when a browser's connection closed. */
  void remove(SseConnection connection) {
    connection.markClosed();
    if (connections.remove(connection)) {
      observer.connectionClosed();
    }
    for (HubStream s : connection.streams()) {
      List<SseConnection> list = readers.get(s);
      if (list != null && list.remove(connection) && list.isEmpty()) {
        readers.remove(s);
      }
    }
  }

  /** Ends every stream on this loop with a jittered retry hint (shutdown). */
  Future<Void> endAll(SseConfig config) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      drainingWith = config;
      for (SseConnection c : new ArrayList<>(connections)) {
        endForShutdown(c);
      }
      done.complete();
    });
    return done.future();
  }

  private void endForShutdown(SseConnection c) {
    c.end(SseFormat.retry(drainingWith.jitteredRetry())
        .appendBuffer(SseFormat.event(null, "shutdown", new JsonObject().put("reason", "server_shutdown").encode())));
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
        List<SseConnection> list = readers.get(d.stream());
        if (list != null) {
          DssEvent e = d.event().event();
          boolean matchesStream = d.stream().key().filter().matches(e.oemModel(), e.dsn(), e.propertyName());
          for (SseConnection c : list) {
            if (c.offer(d.stream(), d.event(), matchesStream) && !c.isClosed()) {
              markDirty(c);
            }
          }
        }
      } else if (message instanceof Join j) {
        join(j, now);
      }
    }
    for (SseConnection c : dirty) {
      c.unmarkQueued();
      if (!c.flush(now)) {
        remove(c);
      }
    }
    dirty.clear();
  }

  private void join(Join j, long now) {
    SseConnection c = j.connection();
    if (c.isClosed()) {
      return;
    }
    c.joined(j.streams(), now);
    if (drainingWith != null) {
      endForShutdown(c); // its attach finished after the drain began: it still gets the shutdown event
      return;
    }
    connections.add(c);
    observer.connectionOpened();
    for (Joined joined : j.streams()) {
      readers.computeIfAbsent(joined.stream(), s -> new ArrayList<>()).add(c);
    }
    markDirty(c);
  }

  private void markDirty(SseConnection c) {
    if (c.hasPending() && c.markQueued()) {
      dirty.add(c);
    }
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (SseConnection c : new ArrayList<>(connections)) {
      c.sweep(now);
      if (c.isClosed()) {
        remove(c);
      }
    }
  }
}
