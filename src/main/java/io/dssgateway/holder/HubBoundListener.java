package io.dssgateway.holder;

import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.UpstreamProvider;
import io.vertx.core.Context;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hub listener for an upstream socket that runs on its own event loop: every call is queued and
 * made on the hub's context, in the order the socket made them, a burst in one task.
 */
final class HubBoundListener implements UpstreamProvider.Listener {

  private final UpstreamProvider.Listener hub;
  private final Context hubContext;
  private final Queue<Runnable> calls = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  HubBoundListener(UpstreamProvider.Listener hub, Context hubContext) {
    this.hub = hub;
    this.hubContext = hubContext;
  }

  @Override
  public void onSubscription(long subscriptionId, long resumesAfterSeq) {
    post(() -> hub.onSubscription(subscriptionId, resumesAfterSeq));
  }

  @Override
  public void onEvent(StreamEvent event) {
    post(() -> hub.onEvent(event));
  }

  @Override
  public void onResubscribed(long newSubscriptionId) {
    post(() -> hub.onResubscribed(newSubscriptionId));
  }

  @Override
  public void onUpstream(boolean live) {
    post(() -> hub.onUpstream(live));
  }

  private void post(Runnable call) {
    calls.add(call);
    if (scheduled.compareAndSet(false, true)) {
      hubContext.runOnContext(v -> drain());
    }
  }

  private void drain() {
    scheduled.set(false);
    Runnable call;
    while ((call = calls.poll()) != null) {
      call.run();
    }
  }
}
