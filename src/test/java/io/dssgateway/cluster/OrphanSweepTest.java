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
 * The sweep must then give its claim back (vacant), or the stream stays held by a member that runs
 * no socket for it and its reader waits for events forever.
 */
@ExtendWith(VertxExtension.class)
class OrphanSweepTest {

  private static final StreamKey KEY =
      new StreamKey("service", "datapoint", Filter.of(Set.of("ledevb"), Set.of(), Set.of()));

  @Test
  void aStreamJoinedWhileBeingRetiredIsLeftVacantForItsReaderToTakeOver(Vertx vertx) {
    AsyncMap<String, String> local =
        vertx.sharedData().<String, String>getLocalAsyncMap("orphans").await();
    AtomicReference<StreamRegistry> registry = new AtomicReference<>();
    AsyncMap<String, String> joinBeforeRemoval =
        new DelegatingMap(local) {
          @Override
          public Future<Boolean> removeIfPresent(String k, String v) {
            return registry
                .get()
                .update(k, r -> Optional.of(r.withReader("node-b")))
                .compose(joined -> local.removeIfPresent(k, v));
          }
        };
    registry.set(new StreamRegistry(joinBeforeRemoval));
    StreamRecord vacated = StreamRecord.claimedBy(KEY, "node-a").withHolder(StreamRecord.VACANT);
    registry.get().claim(vacated.withoutReader("node-a")).await();

    new OrphanSweep(registry.get(), null, () -> "node-x")
        .sweep(List.of("node-x", "node-b"), Set.of())
        .await();

    StreamRecord after = registry.get().get(KEY.canonical()).await().orElseThrow();
    assertThat(after.readers()).containsExactly("node-b");
    assertThat(after.holder()).as("the retiring member's claim is given back").isEmpty();
    assertThat(after.vacantOrHeldOutside(List.of("node-x", "node-b"))).isTrue();
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
