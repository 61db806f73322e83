package io.dssgateway.common;

import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's embedded H2 database as a Vert.x SQL client {@link JDBCPool}: statements run on
 * worker threads, never on an event loop. {@code mem} (or blank) keeps it in memory (tests).
 *
 * <p>Our own code only to turn {@code hub.store-path} into the H2 URL and to hold the pool at one
 * connection, so statements run one at a time in the order issued (a stream's delete never
 * overtakes the checkpoint that saved it). Metrics: {@code vertx_pool_*{pool_name="gateway-db"}} and
 * {@code vertx_sql_*{client_namespace="gateway-db"}}: each pool names its own, or the second pool's
 * SQL meters would collide with the first's.
 */
public final class Database {

  private static final AtomicInteger MEMORY_DATABASES = new AtomicInteger();

  private Database() {}

  /** Connects lazily, on the first statement; close the pool to close the database. */
  public static Pool pool(Vertx vertx, String path) {
    return pool(vertx, path, "gateway", 1);
  }

  /** Another embedded database (e.g. history): its pool is named {@code <name>-db}, in-memory ones {@code <name>-N}. */
  public static Pool pool(Vertx vertx, String path, String name, int maxSize) {
    JDBCConnectOptions connect =
        new JDBCConnectOptions()
            .setJdbcUrl(url(path, name))
            .setUser("sa")
            .setPassword("")
            .setMetricsName(name + "-db");
    return JDBCPool.pool(
        vertx, connect, new PoolOptions().setMaxSize(maxSize).setName(name + "-db"));
  }

  /**
   * Before a file database is opened: its directory (missing levels 0700) and its {@code .mv.db}
   * file (0600, empty: H2 starts a new database in it) are made here, so H2 makes neither with the
   * process's default permissions. Blocking: call it from a worker. Nothing to do for {@code mem}.
   */
  public static void prepareFiles(String path) throws IOException {
    if (inMemory(path)) {
      return;
    }
    Path base = Path.of(path).toAbsolutePath();
    OwnerOnly.directories(base.getParent());
    try {
      OwnerOnly.createNewFile(base.resolveSibling(base.getFileName() + ".mv.db"));
    } catch (FileAlreadyExistsException existing) {
      // a database from an earlier start: opened as it is
    }
  }

  /**
   * After a file database is open: every file of it ({@code <name>.*}: the store, and the lock,
   * trace and temporary files H2 may have made) 0600. Blocking: call it from a worker.
   */
  public static void restrictFiles(String path) throws IOException {
    if (inMemory(path)) {
      return;
    }
    Path base = Path.of(path).toAbsolutePath();
    String prefix = base.getFileName() + ".";
    try (var files = Files.list(base.getParent())) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        OwnerOnly.restrict(f);
      }
    }
  }

  private static boolean inMemory(String path) {
    return path == null || path.isBlank() || path.equals("mem");
  }

  static String url(String path) {
    return url(path, "gateway");
  }

  static String url(String path, String name) {
    return inMemory(path)
        ? "jdbc:h2:mem:" + name + "-" + MEMORY_DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1"
        : "jdbc:h2:file:" + Path.of(path).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
