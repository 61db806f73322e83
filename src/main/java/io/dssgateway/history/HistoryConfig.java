package io.dssgateway.history;

import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;

/** The history settings, read once. */
public record HistoryConfig(
    String databaseUrl,
    String databasePassword,
    String jsonlDir,
    long jsonlMaxBytes,
    int batchEvents,
    long maxLagBytes,
    long retryMillis,
    int resumeMaxEvents) {

  /** Most events written in one batch (one transaction). */
  static final int BATCH_EVENTS = 500;

  /** Most events a browser resuming from beyond the replay buffer is sent from history; older cursors get {@code gap}. */
  static final int RESUME_MAX_EVENTS = 50_000;

  public static HistoryConfig from(AppConfig c) {
    String url = c.string(HistorySettings.DATABASE_URL);
    if (url != null && url.matches("(?i)postgres(ql)?://[^/@]*:[^/@]*@.*")) {
      throw new ConfigError(
          "history.database-url must not hold a password (it would show in logs): "
              + "give it in DSS_HISTORY_DATABASE_PASSWORD");
    }
    return new HistoryConfig(
        url,
        c.string(HistorySettings.DATABASE_PASSWORD),
        blankToNull(c.string(HistorySettings.JSONL_DIR)),
        c.longValue(HistorySettings.JSONL_MAX_BYTES),
        BATCH_EVENTS,
        c.longValue(HistorySettings.MAX_LAG_BYTES),
        Math.max(1, c.millis(HistorySettings.RETRY)),
        RESUME_MAX_EVENTS);
  }

  public boolean postgres() {
    return databaseUrl != null
        && (databaseUrl.startsWith("postgresql://") || databaseUrl.startsWith("postgres://"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
