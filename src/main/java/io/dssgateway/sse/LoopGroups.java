package io.dssgateway.sse;

import io.dssgateway.hub.Hub;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link LoopGroup} per event-loop thread that serves browsers, created on first use. */
final class LoopGroups {

  private final Map<Thread, LoopGroup> groups = new ConcurrentHashMap<>();
  private final long sweepMillis;
  private final SseObserver observer;
  private final Hub hub;
  private final DeviceAccess devices;

  SseObserver observer() {
    return observer;
  }

  LoopGroups(SseConfig config, SseObserver observer, Hub hub, DeviceAccess devices) {
    this.hub = hub;
    this.devices = devices;
    this.sweepMillis = Math.max(10, Math.min(1000, config.keepAliveMillis() / 2));
    this.observer = observer;
  }

  /** The group of the calling event loop. */
  LoopGroup current() {
    Context context = Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      throw new IllegalStateException("SSE connections are served on event loops");
    }
    return groups.computeIfAbsent(
        Thread.currentThread(), t -> new LoopGroup(context, sweepMillis, observer, hub, devices));
  }

  void endSession(String sessionId) {
    groups.values().forEach(g -> g.endSession(sessionId));
  }

  Future<Void> endAll(SseConfig config) {
    List<Future<Void>> ending = new ArrayList<>();
    groups.values().forEach(g -> ending.add(g.endAll(config)));
    return Future.join(ending).mapEmpty();
  }
}
