package io.dssgateway.holder;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.Database;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The subscription table over the JDBC pool: round trip, MERGE by key, order of writes, the H2 file. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JdbcStreamStoreTest {

  private static final StreamKey LED =
      new StreamKey(
          "user:demo",
          "datapoint",
          Filter.of(
              Set.of("AY001MUS1"),
              Set.of("AC000W000340649", "AC000W000340650"),
              Set.of("Blue_LED")));
  private static final StreamKey ANY =
      new StreamKey(
          "user:demo", "connectivity", Filter.of(Set.of(), Set.of("AC000W000340649"), Set.of()));

  private static final io.dssgateway.common.SecretBox BOX =
      io.dssgateway.common.SecretBox.fromBase64(io.dssgateway.common.SecretBox.newKey());

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private StreamStore open(Pool pool) {
    StreamStore store = new JdbcStreamStore(pool, BOX);
    store.init().await();
    return store;
  }

  @Test
  void savedStreamsLoadBackAndSavingAgainUpdatesByKey() {
    Pool pool = Database.pool(vertx, "mem");
    StreamStore store = open(pool);
    store
        .saveAll(
            List.of(
                new StoredStream(LED, 7, "key-led", 10), new StoredStream(ANY, 8, "key-any", 3)))
        .await();
    store.saveAll(List.of(new StoredStream(LED, 7, "key-led", 42))).await();
    store.saveAll(List.of()).await();

    List<StoredStream> loaded = store.loadAll().await();
    assertThat(loaded)
        .containsExactlyInAnyOrder(
            new StoredStream(LED, 7, "key-led", 42), new StoredStream(ANY, 8, "key-any", 3));

    store.delete(LED).await();
    assertThat(store.loadAll().await()).containsExactly(new StoredStream(ANY, 8, "key-any", 3));
    pool.close().await();
  }

  @Test
  void writesIssuedTogetherApplyInTheOrderIssued() {
    Pool pool = Database.pool(vertx, "mem");
    StreamStore store = open(pool);
    // checkpoints still in flight when their streams close: no delete may overtake its save
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      StreamKey key = new StreamKey("user:" + i, "datapoint", LED.filter());
      writes.add(store.saveAll(List.of(new StoredStream(key, i, "key-" + i, 10))));
      writes.add(store.delete(key));
    }
    Future.all(writes).await();
    assertThat(store.loadAll().await()).isEmpty();
    pool.close().await();
  }

  @Test
  void streamsSurviveClosingAndReopeningTheFile(@TempDir Path dir) {
    String path = dir.resolve("gateway").toString();
    Pool first = Database.pool(vertx, path);
    open(first).saveAll(List.of(new StoredStream(LED, 7, "key-led", 10))).await();
    first.close().await();

    Pool second = Database.pool(vertx, path);
    assertThat(open(second).loadAll().await())
        .containsExactly(new StoredStream(LED, 7, "key-led", 10));
    second.close().await();
  }
}
