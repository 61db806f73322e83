package io.dssgateway.common;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The gateway's embedded H2 database: one connection, statements run one at a time on worker
 * threads so no event loop ever blocks. {@code mem} (or blank) keeps it in memory (tests).
 */
public final class Database {

  /** A unit of JDBC work. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Vertx vertx;
  private final String url;
  private Connection connection;

  public Database(Vertx vertx, String path) {
    this.vertx = vertx;
    this.url = path == null || path.isBlank() || path.equals("mem")
        ? "jdbc:h2:mem:gateway-" + System.identityHashCode(this) + ";DB_CLOSE_DELAY=-1"
        : "jdbc:h2:file:" + Path.of(path).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  public Future<Database> open() {
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        connection = DriverManager.getConnection(url, "sa", "");
      }
      return this;
    });
  }

  public <T> Future<T> run(Work<T> work) {
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        if (connection == null) {
          throw new SQLException("database is closed");
        }
        return work.run(connection);
      }
    }, true);
  }

  public Future<Void> close() {
    return vertx.executeBlocking(() -> {
      synchronized (this) {
        if (connection != null) {
          connection.close();
          connection = null;
        }
      }
      return null;
    });
  }
}
