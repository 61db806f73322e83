package io.dssgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replica joining a stream whose holder is already publishing asks the holder for what it has.
 * Bus handlers of another member become known a moment after they register, so the first ask can
 * find no handler: the replica must ask again, not skip the holder's first frames without a gap.
 */
class SharedStreamTest {

  private static final long SUBSCRIPTION = 7;
  private static final StreamKey KEY =
      new StreamKey(
          "user:demo", "datapoint", Filter.of(Set.of(), Set.of("AC000W000340649"), Set.of()));

  private final Vertx vertx = Vertx.vertx();
  private final Addresses addresses = new Addresses();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aReplayAskThatFindsNoHandlerYetIsAskedAgainAndNothingIsSkipped() throws Exception {
    List<Long> seen = new CopyOnWriteArrayList<>();
    Promise<Void> all = Promise.promise();
    UpstreamProvider.Listener listener =
        new UpstreamProvider.Listener() {
          @Override
          public void onSubscription(long subscriptionId, long resumesAfterSeq) {}

          @Override
          public void onEvent(StreamEvent event) {
            seen.add(event.seq());
            if (event.seq() == 30) {
              all.tryComplete();
            }
          }

          @Override
          public void onResubscribed(long newSubscriptionId) {}
        };
    // The holder's replay handler registers only once two asks went out and found none, as when
    // they reach a member that has not heard of the handler yet (the live frames that came
    // meanwhile make the replica ask a second time on their own).
    java.util.concurrent.atomic.AtomicInteger asks =
        new java.util.concurrent.atomic.AtomicInteger();
    List<MessageConsumer<String>> holder = new CopyOnWriteArrayList<>();
    vertx
        .eventBus()
        .addOutboundInterceptor(
            ctx -> {
              ctx.next();
              if (ctx.message().address().equals(addresses.replay(KEY))
                  && asks.incrementAndGet() == 2) {
                holder.add(
                    vertx
                        .eventBus()
                        .consumer(addresses.replay(KEY), msg -> msg.reply(frames(1, 20))));
              }
            });

    SharedStream stream =
        new SharedStream(KEY, listener, vertx, addresses, ClusterObserver.NONE, null);
    vertx.runOnContext(
        v ->
            stream
                .subscribe()
                .onSuccess(
                    x -> {
                      stream.begin(SUBSCRIPTION);
                      for (long seq = 21;
                          seq <= 30;
                          seq++) { // live frames the holder publishes meanwhile
                        vertx.eventBus().publish(addresses.events(KEY), frames(seq, seq));
                      }
                    }));

    all.future().await(10, TimeUnit.SECONDS);
    assertThat(holder).as("the holder's handler came after the second ask").hasSize(1);
    assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
  }

  private static Buffer frames(long from, long to) {
    Buffer out = Buffer.buffer();
    for (long seq = from; seq <= to; seq++) {
      out.appendBuffer(
          BusEvent.encode(
              SUBSCRIPTION,
              new StreamEvent(
                  seq,
                  "datapoint",
                  "ledevb",
                  "AC000W000340649",
                  "Blue_LED",
                  Buffer.buffer("{\"seq\":" + seq + "}"))));
    }
    return out;
  }
}
