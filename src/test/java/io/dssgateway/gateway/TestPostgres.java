package io.dssgateway.gateway;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL for the history tests: {@code DSS_TEST_POSTGRES_URL} (a server role allowed to
 * create databases, e.g. {@code postgresql://dss_test:dss_test@127.0.0.1:5432/postgres}, as
 * {@code .ci/run} sets up) — each test creates its own database and drops it. Without a reachable
 * server the tests skip, loudly; in CI ({@code CI=true}) they fail. {@code DSS_TEST_POSTGRES_CLUSTER}
 * ({@code <version>/<name>} of Debian's {@code pg_ctlcluster}) lets a test stop and start the server.
 */
final class TestPostgres {

  /** The role .ci/postgres-up creates, on the local default port: used when DSS_TEST_POSTGRES_URL is not set. */
  static final String DEFAULT_URL = "postgresql://dss_test:dss_test@127.0.0.1:5432/postgres";

  private final Vertx vertx;
  private final PgConnectOptions admin;
  final String database;

  private TestPostgres(Vertx vertx, PgConnectOptions admin, String database) {
    this.vertx = vertx;
    this.admin = admin;
    this.database = database;
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI"))
        || Boolean.getBoolean("dss.require-postgres");
  }

  /** A fresh database, or the test is skipped (failed in CI) when no PostgreSQL is reachable. */
  static TestPostgres create(Vertx vertx) {
    String url = System.getenv("DSS_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      url = DEFAULT_URL;
    }
    PgConnectOptions admin = PgConnectOptions.fromUri(url);
    String name =
        "dss_history_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 12)
                .toLowerCase(Locale.ROOT);
    SqlClient client = PgBuilder.client().connectingTo(admin).using(vertx).build();
    try {
      client.query("CREATE DATABASE " + name).execute().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      unavailable(
          "PostgreSQL at "
              + admin.getHost()
              + ":"
              + admin.getPort()
              + " is not reachable: "
              + e.getMessage());
    } finally {
      client.close();
    }
    return new TestPostgres(vertx, admin, name);
  }

  private static void unavailable(String why) {
    String message =
        why
            + " (install Debian's postgresql and run .ci/postgres-up, then export "
            + "DSS_TEST_POSTGRES_URL=postgresql://dss_test:dss_test@127.0.0.1:5432/postgres; .ci/run does)";
    if (required()) {
      throw new IllegalStateException(message + " [required: CI=true]");
    }
    System.err.println("\n*** SKIPPING POSTGRESQL TEST: " + message + " ***\n");
    Assumptions.abort("PostgreSQL test skipped: " + message);
  }

  /** The gateway's history.database-url (no password: that goes in history.database-password). */
  String url() {
    return "postgresql://"
        + admin.getUser()
        + "@"
        + admin.getHost()
        + ":"
        + admin.getPort()
        + "/"
        + database;
  }

  String password() {
    return admin.getPassword();
  }

  void drop() {
    SqlClient client = PgBuilder.client().connectingTo(admin).using(vertx).build();
    try {
      client
          .query("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)")
          .execute()
          .await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("dropping test database " + database + " failed: " + e.getMessage());
    } finally {
      client.close();
    }
  }

  /** {@code pg_ctlcluster <version> <name> stop|start}; the test is skipped when that is not permitted here. */
  static void cluster(String action) {
    String cluster = System.getenv("DSS_TEST_POSTGRES_CLUSTER");
    Assumptions.assumeTrue(
        cluster != null && cluster.contains("/"),
        "DSS_TEST_POSTGRES_CLUSTER (<version>/<name>) is not set: cannot stop and start PostgreSQL");
    String[] vn = cluster.split("/");
    try {
      Process p =
          new ProcessBuilder("pg_ctlcluster", vn[0], vn[1], action)
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      boolean done = p.waitFor(60, TimeUnit.SECONDS);
      Assumptions.assumeTrue(
          done && p.exitValue() == 0, "pg_ctlcluster " + action + " failed: " + out);
    } catch (IOException e) {
      Assumptions.abort("pg_ctlcluster not available: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
