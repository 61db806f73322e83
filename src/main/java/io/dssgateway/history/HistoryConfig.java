package io.dssgateway.history;

import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;

/** The history settings, read once. */
public record HistoryConfig(String databaseUrl, String databasePassword, String jsonlDir, long jsonlMaxBytes,
    int batchEvents, long maxLagBytes, long retryMillis, int resumeMaxEvents) {

  public static HistoryConfig from(AppConfig c) {
    String url = c.string(HistorySettings.DATABASE_URL);
    if (url != null && url.matches("(?i)postgres(ql)?://[^/@]*:[^/@]*@.*")) {
      throw new ConfigError("history.database-url must not hold a password (it would show in logs): "
          + "give it in DSS_HISTORY_DATABASE_PASSWORD");
    }
    return new HistoryConfig(url, c.string(HistorySettings.DATABASE_PASSWORD),
        blankToNull(c.string(HistorySettings.JSONL_DIR)), c.longValue(HistorySettings.JSONL_MAX_BYTES),
        Math.max(1, c.integer(HistorySettings.BATCH_EVENTS)), c.longValue(HistorySettings.MAX_LAG_BYTES),
        Math.max(1, c.millis(HistorySettings.RETRY)), c.integer(HistorySettings.RESUME_MAX_EVENTS));
  }

  public boolean postgres() {
    return databaseUrl != null && (databaseUrl.startsWith("postgresql://") || databaseUrl.startsWith("postgres://"));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
