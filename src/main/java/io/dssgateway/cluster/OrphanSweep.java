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

  /** Completes once every record looked at is retired or left as it was. */
  Future<Void> sweep(List<String> members, Set<String> handledHere) {
    return registry
        .keys()
        .compose(
            keys ->
                Future.join(
                        keys.stream()
                            .filter(k -> !handledHere.contains(k))
                            .map(
                                k ->
                                    registry
                                        .update(
                                            k,
                                            r ->
                                                orphan(r, members)
                                                    ? Optional.of(
                                                        r.withHolder(claim())
                                                            .withReadersIn(members))
                                                    : Optional.empty())
                                        .compose(
                                            after ->
                                                after.isPresent()
                                                        && after.get().holder().equals(claim())
                                                        && after.get().readers().isEmpty()
                                                    ? retire(after.get())
                                                    : Future.<Void>succeededFuture()))
                            .toList())
                    .<Void>mapEmpty());
  }

  private static boolean orphan(StreamRecord r, List<String> members) {
    return r.vacantOrHeldOutside(members) && r.withReadersIn(members).readers().isEmpty();
  }

  /**
   * Removes the record, then deletes its subscription. A member may have joined the stream between
   * the claim and the removal (the record changed, so the removal fails): the claim is given back,
   * vacant, for that reader to take over, and the subscription it resumes is kept.
   */
  /**
   * The holder a sweep writes while it retires a stream: not a member's id, so a member that joins
   * the stream meanwhile (this one included) takes it over as from a dead holder, and the sweep gives
   * back only a claim that is still its own.
   */
  private String claim() {
    return me.get() + "#retiring";
  }

  private Future<Void> retire(StreamRecord r) {
    return registry
        .removeIf(r)
        .compose(
            removed -> {
              if (removed) {
                return r.opened()
                    ? subscriptions.delete(r.key(), r.subscriptionId())
                    : Future.<Void>succeededFuture();
              }
              return registry
                  .update(
                      r.key().canonical(),
                      now ->
                          now.holder().equals(claim())
                              ? Optional.of(now.withHolder(StreamRecord.VACANT))
                              : Optional.empty())
                  .<Void>mapEmpty();
            });
  }
}
