package io.dssgateway.history;

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
          + " CAST(? AS CHARACTER VARYING))) AS v(" + COLUMNS + ")"
          + " ON t.subscription_id = v.subscription_id AND t.seq = v.seq"
          + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (v.subscription_id, v.seq, v.event_type, v.oem_model,"
          + " v.dsn, v.property_name, v.event_time, v.stored_at, v.event_json)";
    }

    @Override
    String saveProgress() {
      return "MERGE INTO dss_history_progress KEY (stream) VALUES (?, ?, ?)";
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
      return "INSERT INTO dss_history (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
          + " ON CONFLICT (subscription_id, seq) DO NOTHING";
    }

    @Override
    String saveProgress() {
      return "INSERT INTO dss_history_progress (stream, subscription_id, last_seq) VALUES ($1, $2, $3)"
          + " ON CONFLICT (stream) DO UPDATE SET subscription_id = EXCLUDED.subscription_id, last_seq = EXCLUDED.last_seq";
    }
  };

  static final String COLUMNS = "subscription_id, seq, event_type, oem_model, dsn, property_name, event_time, stored_at, event_json";

  /** The n-th (1-based) parameter marker. */
  abstract String param(int n);

  abstract String textType();

  /** Inserts one event; nothing happens when its (subscription_id, seq) is stored already. */
  abstract String insertEvent();

  /** Inserts or replaces a stream's progress: (stream, subscription_id, last_seq). */
  abstract String saveProgress();

  /** The schema: one row per event, keyed by its identity, indexed for queries by device, property and time. */
  String[] schema() {
    return new String[] {
      "CREATE TABLE IF NOT EXISTS dss_history (subscription_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
          + " event_type VARCHAR(32) NOT NULL, oem_model VARCHAR(64), dsn VARCHAR(64), property_name VARCHAR(64),"
          + " event_time BIGINT NOT NULL, stored_at BIGINT NOT NULL, event_json " + textType() + " NOT NULL,"
          + " PRIMARY KEY (subscription_id, seq))",
      "CREATE INDEX IF NOT EXISTS dss_history_dsn_time ON dss_history (dsn, event_time)",
      "CREATE INDEX IF NOT EXISTS dss_history_property_time ON dss_history (dsn, property_name, event_time)",
      "CREATE INDEX IF NOT EXISTS dss_history_model_time ON dss_history (oem_model, event_type, event_time)",
      "CREATE INDEX IF NOT EXISTS dss_history_time ON dss_history (event_time)",
      "CREATE TABLE IF NOT EXISTS dss_history_progress (stream VARCHAR(4096) PRIMARY KEY, subscription_id BIGINT NOT NULL,"
          + " last_seq BIGINT NOT NULL)"
    };
  }
}
