package io.dssgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orphan sweep against a member joining the stream it is retiring: the join lands between the
 * sweep's claim and its removal of the record, so the record survives with the joiner as a reader.
 * The joiner must end up holding it (the sweep's claim names no member, so the join takes it over,
 * and the sweep gives back only a claim still its own), or the stream stays held by a member that
 * runs no socket for it and its reader waits for events forever; the sweeping member included.
 */
@ExtendWith(VertxExtension.class)
class OrphanSweepTest {

  private static final StreamKey KEY =
      new StreamKey("service", "datapoint", Filter.of(Set.of("ledevb"), Set.of(), Set.of()));

  @Test
  void aStreamJoinedWhileBeingRetiredIsLeftToTheMemberThatJoinedIt(Vertx vertx) {
    StreamRegistry registry =
        joiningBeforeRemoval(vertx, "orphans", r -> r.update(KEY.canonical(), joined("node-b")));
    StreamRecord vacated = StreamRecord.claimedBy(KEY, "node-a").withHolder(StreamRecord.VACANT);
    registry.claim(vacated.withoutReader("node-a")).await();

    new OrphanSweep(registry, null, () -> "node-x")
        .sweep(List.of("node-x", "node-b"), Set.of())
        .await();

    StreamRecord after = registry.get(KEY.canonical()).await().orElseThrow();
    assertThat(after.readers()).containsExactly("node-b");
    assertThat(after.holder())
        .as("the joiner took it over from the retiring claim, which was left to it")
        .isEqualTo("node-b");
  }

  /** The sweeping member itself opens the stream meanwhile: it takes it over, and keeps it. */
  @Test
  void aStreamTheSweepingMemberTakesOverMeanwhileStaysItsOwn(Vertx vertx) {
    StreamRegistry registry =
        joiningBeforeRemoval(
            vertx,
            "orphans-own",
            r ->
                r.update(KEY.canonical(), joined("node-x"))
                    .compose(
                        after ->
                            after.get().holder().equals("node-x") // hold() records its subscription
                                ? r.update(
                                    KEY.canonical(),
                                    now -> Optional.of(now.withSubscription(7, "sealed", 42)))
                                : Future.succeededFuture(after)));
    StreamRecord orphan =
        StreamRecord.claimedBy(KEY, "node-dead")
            .withSubscription(7, "sealed", 10)
            .withoutReader("node-dead");
    registry.claim(orphan).await();

    new OrphanSweep(registry, null, () -> "node-x").sweep(List.of("node-x"), Set.of()).await();

    StreamRecord after = registry.get(KEY.canonical()).await().orElseThrow();
    assertThat(after.readers()).containsExactly("node-x");
    assertThat(after.lastSeq()).isEqualTo(42);
    assertThat(after.holder()).as("node-x runs the socket now").isEqualTo("node-x");
  }

  /** What {@code ClusteredUpstreams.join} writes: a reader, and the holder when the one recorded is not a member. */
  private static java.util.function.Function<StreamRecord, Optional<StreamRecord>> joined(
      String node) {
    List<String> members = List.of("node-x", "node-b");
    return r ->
        Optional.of(
            r.vacantOrHeldOutside(members)
                ? r.withReader(node).withHolder(node)
                : r.withReader(node));
  }

  /** A registry on a local map whose conditional removal first lets {@code join} run on the registry. */
  private static StreamRegistry joiningBeforeRemoval(
      Vertx vertx, String name, java.util.function.Function<StreamRegistry, Future<?>> join) {
    AsyncMap<String, String> local =
        vertx.sharedData().<String, String>getLocalAsyncMap(name).await();
    AtomicReference<StreamRegistry> registry = new AtomicReference<>();
    registry.set(
        new StreamRegistry(
            new DelegatingMap(local) {
              @Override
              public Future<Boolean> removeIfPresent(String k, String v) {
                return join.apply(registry.get()).compose(joined -> local.removeIfPresent(k, v));
              }
            }));
    return registry.get();
  }

  /** An async map that passes everything to another. */
  private static class DelegatingMap implements AsyncMap<String, String> {
    private final AsyncMap<String, String> d;

    DelegatingMap(AsyncMap<String, String> d) {
      this.d = d;
    }

    @Override
    public Future<String> get(String k) {
      return d.get(k);
    }

    @Override
    public Future<Void> put(String k, String v) {
      return d.put(k, v);
    }

    @Override
    public Future<Void> put(String k, String v, long ttl) {
      return d.put(k, v, ttl);
    }

    @Override
    public Future<String> putIfAbsent(String k, String v) {
      return d.putIfAbsent(k, v);
    }

    @Override
    public Future<String> putIfAbsent(String k, String v, long ttl) {
      return d.putIfAbsent(k, v, ttl);
    }

    @Override
    public Future<String> remove(String k) {
      return d.remove(k);
    }

    @Override
    public Future<Boolean> removeIfPresent(String k, String v) {
      return d.removeIfPresent(k, v);
    }

    @Override
    public Future<String> replace(String k, String v) {
      return d.replace(k, v);
    }

    @Override
    public Future<Boolean> replaceIfPresent(String k, String oldValue, String newValue) {
      return d.replaceIfPresent(k, oldValue, newValue);
    }

    @Override
    public Future<Void> clear() {
      return d.clear();
    }

    @Override
    public Future<Integer> size() {
      return d.size();
    }

    @Override
    public Future<Set<String>> keys() {
      return d.keys();
    }

    @Override
    public Future<List<String>> values() {
      return d.values();
    }

    @Override
    public Future<Map<String, String>> entries() {
      return d.entries();
    }
  }
}
