package io.dssgateway.holder;

import io.dssgateway.common.Database;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamKey;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** {@link StreamStore} in the gateway's embedded database. The table holds stream keys: protect its volume. */
public final class JdbcStreamStore implements StreamStore {

  private final Database db;

  public JdbcStreamStore(Database db) {
    this.db = db;
  }

  @Override
  public Future<Void> init() {
    return db.run(c -> {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS streams (canonical VARCHAR(4096) PRIMARY KEY, scope VARCHAR(512) NOT NULL,"
            + " event_type VARCHAR(32) NOT NULL, oem_models VARCHAR(4096) NOT NULL, dsns VARCHAR(4096) NOT NULL,"
            + " properties VARCHAR(4096) NOT NULL, subscription_id BIGINT NOT NULL, stream_key VARCHAR(256) NOT NULL,"
            + " last_seq BIGINT NOT NULL)");
      }
      return null;
    });
  }

  @Override
  public Future<List<StoredStream>> loadAll() {
    return db.run(c -> {
      List<StoredStream> out = new ArrayList<>();
      try (Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("SELECT scope, event_type, oem_models, dsns, properties, subscription_id, stream_key, last_seq FROM streams")) {
        while (rs.next()) {
          Filter filter = Filter.of(split(rs.getString(3)), split(rs.getString(4)), split(rs.getString(5)));
          out.add(new StoredStream(new StreamKey(rs.getString(1), rs.getString(2), filter), rs.getLong(6), rs.getString(7), rs.getLong(8)));
        }
      }
      return out;
    });
  }

  @Override
  public Future<Void> saveAll(List<StoredStream> records) {
    return db.run(c -> {
      try (PreparedStatement ps = c.prepareStatement("MERGE INTO streams KEY (canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (StoredStream r : records) {
          StreamKey k = r.key();
          ps.setString(1, k.canonical());
          ps.setString(2, k.scope());
          ps.setString(3, k.eventType());
          ps.setString(4, String.join(",", k.filter().oemModels()));
          ps.setString(5, String.join(",", k.filter().dsns()));
          ps.setString(6, String.join(",", k.filter().properties()));
          ps.setLong(7, r.subscriptionId());
          ps.setString(8, r.streamKey());
          ps.setLong(9, r.lastSeq());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public Future<Void> delete(StreamKey key) {
    return db.run(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM streams WHERE canonical = ?")) {
        ps.setString(1, key.canonical());
        ps.executeUpdate();
      }
      return null;
    });
  }

  private static Set<String> split(String csv) {
    return csv.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(csv.split(",")));
  }
}
