package io.dssgateway.cluster;

import io.dssgateway.holder.AylaSubscriptions;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Retires streams that no live member holds or reads (their holder and readers all died): one
 * member claims each by compare-and-set, deletes its Ayla subscription and removes the record, so
 * nothing leaks in Ayla when a whole group of replicas goes at once.
 */
final class OrphanSweep {

  private final StreamRegistry registry;
  private final AylaSubscriptions subscriptions;
  private final Supplier<String> me;

  OrphanSweep(StreamRegistry registry, AylaSubscriptions subscriptions, Supplier<String> me) {
    this.registry = registry;
    this.subscriptions = subscriptions;
    this.me = me;
  }

  void sweep(List<String> members, Set<String> handledHere) {
    registry
        .keys()
        .onSuccess(
            keys ->
                keys.stream()
                    .filter(k -> !handledHere.contains(k))
                    .forEach(
                        k ->
                            registry
                                .update(
                                    k,
                                    r ->
                                        orphan(r, members)
                                            ? Optional.of(
                                                r.withHolder(me.get()).withReadersIn(members))
                                            : Optional.empty())
                                .compose(
                                    after ->
                                        after.isPresent()
                                                && after.get().holder().equals(me.get())
                                                && after.get().readers().isEmpty()
                                            ? retire(after.get())
                                            : Future.succeededFuture())));
  }

  private static boolean orphan(StreamRecord r, List<String> members) {
    return r.vacantOrHeldOutside(members) && r.withReadersIn(members).readers().isEmpty();
  }

  private Future<Void> retire(StreamRecord r) {
    Future<Void> deleted =
        r.opened() ? subscriptions.delete(r.key(), r.subscriptionId()) : Future.succeededFuture();
    return deleted.compose(v -> registry.removeIf(r)).mapEmpty();
  }
}
