package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Test sink and listener: records every seq and state change, and turns them into futures to await. */
final class StreamProbe implements Handler<DssEvent>, UpstreamStream.Listener {

  final List<Long> seqs = new ArrayList<>();
  final List<UpstreamStream.State> states = new CopyOnWriteArrayList<>();
  final List<Subscription> resubscribed = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(Predicate<StreamProbe> condition, Promise<Void> promise) {}

  @Override
  public synchronized void handle(DssEvent event) {
    seqs.add(event.seq());
    check();
  }

  @Override
  public synchronized void stateChanged(
      UpstreamStream stream, UpstreamStream.State from, UpstreamStream.State to) {
    states.add(to);
    check();
  }

  @Override
  public synchronized void resubscribed(
      UpstreamStream stream, Subscription previous, Subscription current) {
    resubscribed.add(current);
    check();
  }

  synchronized int count() {
    return seqs.size();
  }

  synchronized long liveCount() {
    return states.stream().filter(s -> s == UpstreamStream.State.LIVE).count();
  }

  /** Completes once the condition holds (checked on every event and state change). */
  synchronized Future<Void> until(Predicate<StreamProbe> condition) {
    Promise<Void> p = Promise.promise();
    if (condition.test(this)) {
      p.complete();
    } else {
      waiters.add(new Waiter(condition, p));
    }
    return p.future();
  }

  Future<Void> untilEvents(int n) {
    return until(p -> p.seqs.size() >= n);
  }

  Future<Void> untilLiveTimes(long n) {
    return until(p -> p.liveCount() >= n);
  }

  Future<Void> untilState(UpstreamStream.State state) {
    return until(p -> p.states.contains(state));
  }

  synchronized void assertExactlyOneTo(long n) {
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      expected.add(i);
    }
    assertThat(seqs).hasSize((int) n);
    assertThat(seqs).isEqualTo(expected);
  }

  private void check() {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.condition.test(this)) {
        it.remove();
        w.promise.complete();
      }
    }
  }

  /** For conditions no event announces (e.g. a server-side counter): polls every 10 ms until true. */
  static Future<Void> poll(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> p = Promise.promise();
    vertx.setPeriodic(
        10,
        id -> {
          if (condition.getAsBoolean()) {
            vertx.cancelTimer(id);
            p.tryComplete();
          }
        });
    return p.future();
  }
}
