package io.dssgateway.history;

import io.dssgateway.common.Database;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;

/**
 * Opens the history database named by {@code history.database-url}: {@code postgresql://…} through
 * the reactive PostgreSQL client (the password from the environment, never logged), anything else
 * as an embedded H2 file ({@code mem}: in memory) through the JDBC pool, whose statements run on
 * worker threads. Both are Vert.x SQL client pools: no statement blocks an event loop.
 */
public final class HistoryDatabase {

  private static final String POOL_NAME = "history-db";

  private HistoryDatabase() {}

  public static HistoryStore open(Vertx vertx, HistoryConfig config) {
    if (config.postgres()) {
      PgConnectOptions connect = pgOptions(config);
      if (config.databasePassword() != null) {
        connect.setPassword(config.databasePassword());
      }
      connect.setReconnectAttempts(0).setMetricsName(POOL_NAME);
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(4).setName(POOL_NAME))
              .connectingTo(connect)
              .using(vertx)
              .build();
      return new HistoryStore(pool, SqlDialect.POSTGRES);
    }
    return new HistoryStore(
        Database.pool(vertx, config.databaseUrl(), "history", 2), SqlDialect.H2);
  }

  /** Before an embedded H2 file opens: its directory and file made owner-only ({@link Database#prepareFiles}). Blocking. */
  static void prepareFiles(HistoryConfig config) throws IOException {
    if (!config.postgres()) {
      Database.prepareFiles(config.databaseUrl());
    }
  }

  /** Once an embedded H2 file is open: every file of it 0600 ({@link Database#restrictFiles}). Blocking. */
  static void restrictFiles(HistoryConfig config) throws IOException {
    if (!config.postgres()) {
      Database.restrictFiles(config.databaseUrl());
    }
  }

  /** Where a PostgreSQL URL points, without its credentials (for logs). */
  public static String describe(HistoryConfig config) {
    if (!config.postgres()) {
      return "H2 " + config.databaseUrl();
    }
    PgConnectOptions o = pgOptions(config);
    return "PostgreSQL " + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }

  private static PgConnectOptions pgOptions(HistoryConfig config) {
    return PgConnectOptions.fromUri(
        config.databaseUrl().replaceFirst("^postgres://", "postgresql://"));
  }
}
