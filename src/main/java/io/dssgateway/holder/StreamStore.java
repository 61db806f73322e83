package io.dssgateway.holder;

import io.dssgateway.hub.StreamKey;
import io.vertx.core.Future;
import java.util.List;

/**
 * The upstream subscriptions this gateway holds and how far each got, so a restarted gateway
 * resumes them with {@code seq_start} instead of leaking them. Holds stream keys: keep it private.
 */
public interface StreamStore {

  Future<Void> init();

  Future<List<StoredStream>> loadAll();

  /** Inserts or replaces the records, by key. */
  Future<Void> saveAll(List<StoredStream> records);

  Future<Void> delete(StreamKey key);
}
