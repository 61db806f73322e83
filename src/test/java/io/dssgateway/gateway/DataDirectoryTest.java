package io.dssgateway.gateway;

import static io.dssgateway.gateway.TestGateway.LED_DSN;
import static io.dssgateway.gateway.TestGateway.LINUX_DSN;
import static io.dssgateway.gateway.TestGateway.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dssgateway.Eventually;
import io.dssgateway.common.SecretBox;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the gateway makes under its data directory (the store, the history database, the
 * collected JSON lines, the directories holding them) is its user's only: files 0600, directories
 * 0700, while it runs and after it stops. POSIX file systems only.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DataDirectoryTest {

  private static final String COLLECTED =
      "subscription_type=datapoint&dsn=" + LED_DSN + "," + LINUX_DSN;

  private Vertx vertx;
  private TestGateway gw;

  @BeforeEach
  void start() {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions only");
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.stop();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void everyFileUnderTheDataDirectoryIsOwnerOnly(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("data");
    gw =
        TestGateway.start(
            vertx,
            Map.of(
                "hub.store-path",
                data.resolve("gateway").toString(),
                "secrets.key",
                SecretBox.newKey(), // no key file: the directory is not made by the key's code
                "history.streams",
                COLLECTED,
                "history.database-url",
                data.resolve("history").toString(),
                "history.jsonl-dir",
                data.resolve("events/jsonl").toString()));
    String demo = gw.loginDemo();
    HistoryFixture.awaitCollecting(gw, demo);
    gw.publish(LED_DSN, "Blue_button", range(0, 20));
    Eventually.read(
        "20 stored",
        Duration.ofSeconds(20),
        () -> HistoryFixture.readAll(gw, demo, "dsn=*"),
        e -> e.size() >= 20);

    Map<String, String> running = permissions(data);
    assertThat(running).containsKeys("gateway.mv.db", "history.mv.db", "events/jsonl");
    assertThat(running.keySet())
        .anyMatch(f -> f.startsWith("events/jsonl/") && f.endsWith(".jsonl"));
    assertOwnerOnly(data, running);

    gw.shutdownGateway();
    assertOwnerOnly(data, permissions(data));
  }

  private static void assertOwnerOnly(Path data, Map<String, String> permissions) {
    Map<String, String> ownerOnly = new TreeMap<>();
    permissions
        .keySet()
        .forEach(
            path ->
                ownerOnly.put(
                    path, Files.isDirectory(data.resolve(path)) ? "rwx------" : "rw-------"));
    assertThat(permissions).isEqualTo(ownerOnly);
  }

  /** {@code root} (as ".") and every file and directory under it, by relative path, with its permissions. */
  private static Map<String, String> permissions(Path root) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.toList()) {
        all.put(
            p.equals(root) ? "." : root.relativize(p).toString(),
            PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
      }
    }
    return all;
  }
}
