package io.dssgateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Optional;
import java.util.function.Function;

/**
 * The cluster-wide registry of shared streams, a Hazelcast map behind Vert.x's {@link AsyncMap}.
 * Every change is a compare-and-set on the record's text, retried on contention, so concurrent
 * replicas never overwrite each other (one claim wins, one takeover wins).
 */
final class StreamRegistry {

  private static final int RETRIES = 20;

  private final AsyncMap<String, String> map;

  StreamRegistry(AsyncMap<String, String> map) {
    this.map = map;
  }

  Future<Optional<StreamRecord>> get(String canonical) {
    return map.get(canonical).map(text -> Optional.ofNullable(text).map(StreamRecord::decode));
  }

  /** Records a new stream unless one is there already; answers the record that is there now. */
  Future<StreamRecord> claim(StreamRecord fresh) {
    String canonical = fresh.key().canonical();
    return map.putIfAbsent(canonical, fresh.encode())
        .map(existing -> existing == null ? fresh : StreamRecord.decode(existing));
  }

  /**
   * Applies {@code change} to the current record atomically. The change answers the new record,
   * or empty to leave it as it is. Answers the record as it stands afterwards (empty if none).
   */
  Future<Optional<StreamRecord>> update(
      String canonical, Function<StreamRecord, Optional<StreamRecord>> change) {
    return update(canonical, change, RETRIES);
  }

  private Future<Optional<StreamRecord>> update(
      String canonical, Function<StreamRecord, Optional<StreamRecord>> change, int retries) {
    return map.get(canonical)
        .compose(
            text -> {
              if (text == null) {
                return Future.succeededFuture(Optional.empty());
              }
              StreamRecord current = StreamRecord.decode(text);
              Optional<StreamRecord> next = change.apply(current);
              if (next.isEmpty() || next.get().equals(current)) {
                return Future.succeededFuture(Optional.of(current));
              }
              return map.replaceIfPresent(canonical, text, next.get().encode())
                  .compose(
                      done -> {
                        if (done) {
                          return Future.succeededFuture(next);
                        }
                        return retries > 0
                            ? update(canonical, change, retries - 1)
                            : Future.failedFuture(
                                new IllegalStateException("registry contention on " + canonical));
                      });
            });
  }

  Future<java.util.Set<String>> keys() {
    return map.keys();
  }

  /** Removes the record if it is still exactly {@code expected}. */
  Future<Boolean> removeIf(StreamRecord expected) {
    return map.removeIfPresent(expected.key().canonical(), expected.encode());
  }
}
