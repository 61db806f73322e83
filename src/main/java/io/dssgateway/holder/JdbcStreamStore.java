package io.dssgateway.holder;

import io.dssgateway.common.SecretBox;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamStore} in the gateway's embedded database. Stream keys are stored sealed with
 * {@code secrets.key}, bound to their subscription id; a key stored in the clear by an older version
 * is still read (and sealed when the record is saved again), a record whose key does not open is skipped.
 */
public final class JdbcStreamStore implements StreamStore {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcStreamStore.class);

  private final Pool db;
  private final SecretBox box;

  public JdbcStreamStore(Pool db, SecretBox box) {
    this.db = db;
    this.box = box;
  }

  @Override
  public Future<Void> init() {
    return db.query(
            "CREATE TABLE IF NOT EXISTS streams (canonical VARCHAR(4096) PRIMARY KEY, scope VARCHAR(512) NOT NULL,"
                + " event_type VARCHAR(32) NOT NULL, oem_models VARCHAR(4096) NOT NULL, dsns VARCHAR(4096) NOT NULL,"
                + " properties VARCHAR(4096) NOT NULL, subscription_id BIGINT NOT NULL, stream_key VARCHAR(1024) NOT NULL,"
                + " last_seq BIGINT NOT NULL)")
        .execute()
        .mapEmpty();
  }

  @Override
  public Future<List<StoredStream>> loadAll() {
    return db.query(
            "SELECT scope, event_type, oem_models, dsns, properties, subscription_id, stream_key, last_seq FROM streams")
        .execute()
        .map(
            rows -> {
              List<StoredStream> out = new ArrayList<>();
              for (Row row : rows) {
                Filter filter =
                    Filter.of(
                        split(row.getString(2)), split(row.getString(3)), split(row.getString(4)));
                String streamKey;
                try {
                  streamKey = open(row.getLong(5), row.getString(6));
                } catch (IllegalArgumentException e) {
                  LOG.warn(
                      "Skipped stored subscription {}: its stream key does not open with this secrets.key",
                      row.getLong(5));
                  continue;
                }
                out.add(
                    new StoredStream(
                        new StreamKey(row.getString(0), row.getString(1), filter),
                        row.getLong(5),
                        streamKey,
                        row.getLong(7)));
              }
              return out;
            });
  }

  @Override
  public Future<Void> saveAll(List<StoredStream> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch =
        records.stream()
            .map(
                r -> {
                  StreamKey k = r.key();
                  return Tuple.of(
                      k.canonical(),
                      k.scope(),
                      k.eventType(),
                      String.join(",", k.filter().oemModels()),
                      String.join(",", k.filter().dsns()),
                      String.join(",", k.filter().properties()),
                      r.subscriptionId(),
                      box.seal(String.valueOf(r.subscriptionId()), r.streamKey()),
                      r.lastSeq());
                })
            .toList();
    return db.preparedQuery("MERGE INTO streams KEY (canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .executeBatch(batch)
        .mapEmpty();
  }

  @Override
  public Future<Void> delete(StreamKey key) {
    return db.preparedQuery("DELETE FROM streams WHERE canonical = ?")
        .execute(Tuple.of(key.canonical()))
        .mapEmpty();
  }

  private String open(long subscriptionId, String stored) {
    return SecretBox.isSealed(stored) ? box.open(String.valueOf(subscriptionId), stored) : stored;
  }

  private static Set<String> split(String csv) {
    return csv.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(csv.split(",")));
  }
}
