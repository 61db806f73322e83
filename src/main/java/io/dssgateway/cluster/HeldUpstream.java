package io.dssgateway.cluster;

import io.dssgateway.hub.PackedRing;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.upstream.UpstreamStream;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Function;

/**
 * The DSS socket of a stream this replica holds for the whole cluster. Each event is encoded once
 * into a bus frame, published to every replica reading the stream (this one included), and kept in a
 * bounded ring from which readers that joined late or saw a jump in seq are answered.
 */
final class HeldUpstream implements UpstreamProvider.Listener {

  private final StreamKey key;
  private final EventBus bus;
  private final String eventsAddress;
  private final String healthAddress;
  private final ClusterObserver observer;

  private final PackedRing ring; // the bus frames, by seq
  private long subscriptionId;
  private UpstreamStream upstream;
  private MessageConsumer<String> replays;

  HeldUpstream(
      StreamKey key,
      EventBus bus,
      String eventsAddress,
      String healthAddress,
      int ringEvents,
      long ringBytes,
      ClusterObserver observer) {
    this.key = key;
    this.bus = bus;
    this.eventsAddress = eventsAddress;
    this.healthAddress = healthAddress;
    this.ring = new PackedRing(ringEvents, ringBytes);
    this.observer = observer;
  }

  /** Runs the upstream the factory makes with this as its listener, and answers replay requests. */
  Future<Void> start(
      Function<UpstreamProvider.Listener, UpstreamStream> make, String replayAddress) {
    upstream = make.apply(this);
    replays =
        bus.<String>consumer(replayAddress, msg -> msg.reply(after(Long.parseLong(msg.body()))));
    return replays.completion().compose(v -> upstream.start());
  }

  /** Closes the socket and stops answering; the subscription stays (deleting it is the caller's call). */
  Future<Void> stop() {
    Future<Void> unregistered = replays == null ? Future.succeededFuture() : replays.unregister();
    return unregistered.eventually(
        () -> upstream == null ? Future.succeededFuture() : upstream.stop());
  }

  UpstreamStream upstream() {
    return upstream;
  }

  StreamKey key() {
    return key;
  }

  @Override
  public void onSubscription(long id, long resumesAfterSeq) {
    subscriptionId = id;
  }

  @Override
  public void onEvent(StreamEvent event) {
    Buffer frame = BusEvent.encode(subscriptionId, event);
    remember(event.seq(), frame);
    bus.publish(eventsAddress, frame);
    observer.busEventOut();
  }

  @Override
  public void onResubscribed(long newSubscriptionId) {
    subscriptionId = newSubscriptionId;
    ring.clear();
  }

  /** Every replica reading the stream tells its browsers, as the holder's own do. */
  @Override
  public void onUpstream(boolean live) {
    bus.publish(healthAddress, live ? "live" : "reconnecting");
  }

  private void remember(long seq, Buffer frame) {
    ring.add(seq, frame);
  }

  /** The frames after a seq, concatenated (empty when none). */
  private Buffer after(long seq) {
    return ring.appendAfter(seq, Buffer.buffer());
  }
}
