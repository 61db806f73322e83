package io.dssgateway.history;

import java.util.List;
import java.util.Set;

/**
 * What differs between the embedded H2 database and PostgreSQL: parameter markers, the JSON
 * column's type, and how an insert of a row already there becomes a no-op.
 */
enum SqlDialect {
  H2 {
    @Override
    String param(int n) {
      return "?";
    }

    @Override
    String textType() {
      return "CHARACTER VARYING";
    }

    @Override
    String insertEvent() {
      return "MERGE INTO dss_history t USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(32)),"
          + " CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), CAST(? AS BIGINT),"
          + " CAST(? AS CHARACTER VARYING))) AS v("
          + COLUMNS
          + ")"
          + " ON t.subscription_id = v.subscription_id AND t.seq = v.seq"
          + " WHEN NOT MATCHED THEN INSERT ("
          + COLUMNS
          + ") VALUES (v.subscription_id, v.seq, v.event_type, v.oem_model,"
          + " v.dsn, v.property_name, v.event_time, v.stored_at, v.event_json)";
    }

    @Override
    String saveProgress() {
      return "MERGE INTO dss_history_progress KEY (stream) VALUES (?, ?, ?)";
    }

    @Override
    String insertGap() {
      return "MERGE INTO dss_history_gaps ("
          + GAP_COLUMNS
          + ") KEY (subscription_id, from_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }
  },

  POSTGRES {
    @Override
    String param(int n) {
      return "$" + n;
    }

    @Override
    String textType() {
      return "TEXT";
    }

    @Override
    String insertEvent() {
      return "INSERT INTO dss_history ("
          + COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
          + " ON CONFLICT (subscription_id, seq) DO NOTHING";
    }

    @Override
    String saveProgress() {
      return "INSERT INTO dss_history_progress (stream, subscription_id, last_seq) VALUES ($1, $2, $3)"
          + " ON CONFLICT (stream) DO UPDATE SET subscription_id = EXCLUDED.subscription_id, last_seq = EXCLUDED.last_seq";
    }

    @Override
    String insertGap() {
      return "INSERT INTO dss_history_gaps ("
          + GAP_COLUMNS
          + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
          + " ON CONFLICT (subscription_id, from_seq) DO NOTHING";
    }
  };

  static final String COLUMNS =
      "subscription_id, seq, event_type, oem_model, dsn, property_name, event_time, stored_at, event_json";
  static final String GAP_COLUMNS =
      "subscription_id, from_seq, to_seq, event_type, reason, oem_models, dsns, property_names,"
          + " from_time, to_time, recorded_at";

  /** The n-th (1-based) parameter marker. */
  abstract String param(int n);

  abstract String textType();

  /** Inserts one event; nothing happens when its (subscription_id, seq) is stored already. */
  abstract String insertEvent();

  /** Inserts or replaces a stream's progress: (stream, subscription_id, last_seq). */
  abstract String saveProgress();

  /** Records seqs lost for good, in {@link #GAP_COLUMNS} order; nothing happens when the range is recorded already. */
  abstract String insertGap();

  /** Appends {@code AND column IN (...)} for a non-empty set, its values to {@code params}. */
  void in(StringBuilder sql, List<Object> params, String column, Set<String> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    sql.append(" AND ").append(column).append(" IN (");
    int i = 0;
    for (String v : values) {
      sql.append(i++ == 0 ? "" : ", ").append(param(params.size() + 1));
      params.add(v);
    }
    sql.append(')');
  }

  /**
   * The schema: one row per event, keyed by its identity, indexed for queries by device, property and
   * time; the streams' progress; and the seqs lost for good. Every statement is idempotent, so a
   * database made by an earlier version gains what it lacks at start.
   */
  String[] schema() {
    return new String[] {
      "CREATE TABLE IF NOT EXISTS dss_history (subscription_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
          + " event_type VARCHAR(32) NOT NULL, oem_model VARCHAR(64), dsn VARCHAR(64), property_name VARCHAR(64),"
          + " event_time BIGINT NOT NULL, stored_at BIGINT NOT NULL, event_json "
          + textType()
          + " NOT NULL,"
          + " PRIMARY KEY (subscription_id, seq))",
      "CREATE INDEX IF NOT EXISTS dss_history_dsn_time ON dss_history (dsn, event_time)",
      "CREATE INDEX IF NOT EXISTS dss_history_property_time ON dss_history (dsn, property_name, event_time)",
      "CREATE INDEX IF NOT EXISTS dss_history_model_time ON dss_history (oem_model, event_type, event_time)",
      "CREATE INDEX IF NOT EXISTS dss_history_time ON dss_history (event_time)",
      "CREATE TABLE IF NOT EXISTS dss_history_progress (stream VARCHAR(4096) PRIMARY KEY, subscription_id BIGINT NOT NULL,"
          + " last_seq BIGINT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS dss_history_gaps (subscription_id BIGINT NOT NULL, from_seq BIGINT NOT NULL,"
          + " to_seq BIGINT NOT NULL, event_type VARCHAR(32) NOT NULL, reason VARCHAR(32) NOT NULL,"
          + " oem_models VARCHAR(4096) NOT NULL, dsns VARCHAR(4096) NOT NULL, property_names VARCHAR(4096) NOT NULL,"
          + " from_time BIGINT NOT NULL, to_time BIGINT NOT NULL, recorded_at BIGINT NOT NULL,"
          + " PRIMARY KEY (subscription_id, from_seq))",
      "CREATE INDEX IF NOT EXISTS dss_history_gaps_time ON dss_history_gaps (to_time, from_time)"
    };
  }
}
