package io.dssgateway.holder;

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

/** {@link StreamStore} in the gateway's embedded database. The table holds stream keys: protect its volume. */
public final class JdbcStreamStore implements StreamStore {

  private final Pool db;

  public JdbcStreamStore(Pool db) {
    this.db = db;
  }

  @Override
  public Future<Void> init() {
    return db.query("CREATE TABLE IF NOT EXISTS streams (canonical VARCHAR(4096) PRIMARY KEY, scope VARCHAR(512) NOT NULL,"
        + " event_type VARCHAR(32) NOT NULL, oem_models VARCHAR(4096) NOT NULL, dsns VARCHAR(4096) NOT NULL,"
        + " properties VARCHAR(4096) NOT NULL, subscription_id BIGINT NOT NULL, stream_key VARCHAR(256) NOT NULL,"
        + " last_seq BIGINT NOT NULL)").execute().mapEmpty();
  }

  @Override
  public Future<List<StoredStream>> loadAll() {
    return db.query("SELECT scope, event_type, oem_models, dsns, properties, subscription_id, stream_key, last_seq FROM streams")
        .execute()
        .map(rows -> {
          List<StoredStream> out = new ArrayList<>();
          for (Row row : rows) {
            Filter filter = Filter.of(split(row.getString(2)), split(row.getString(3)), split(row.getString(4)));
            out.add(new StoredStream(new StreamKey(row.getString(0), row.getString(1), filter), row.getLong(5),
                row.getString(6), row.getLong(7)));
          }
          return out;
        });
  }

  @Override
  public Future<Void> saveAll(List<StoredStream> records) {
    if (records.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = records.stream().map(r -> {
      StreamKey k = r.key();
      return Tuple.of(k.canonical(), k.scope(), k.eventType(), String.join(",", k.filter().oemModels()),
          String.join(",", k.filter().dsns()), String.join(",", k.filter().properties()), r.subscriptionId(),
          r.streamKey(), r.lastSeq());
    }).toList();
    return db.preparedQuery("MERGE INTO streams KEY (canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .executeBatch(batch).mapEmpty();
  }

  @Override
  public Future<Void> delete(StreamKey key) {
    return db.preparedQuery("DELETE FROM streams WHERE canonical = ?").execute(Tuple.of(key.canonical())).mapEmpty();
  }

  private static Set<String> split(String csv) {
    return csv.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(csv.split(",")));
  }
}
