package io.dssgateway.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.common.Database;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamTap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seqs the upstream skipped, in a real H2 file database made by the previous schema: the store
 * adds their table at start, records them in the transaction that moves the progress past them,
 * and hands them back to resuming browsers and to history pages whose filter they concern.
 */
class HistoryGapsTest {

  private static final String STREAM = "user:demo|datapoint|m=*;d=D1;p=*";
  private static final Filter D1 = Filter.of(Set.of(), Set.of("D1"), Set.of());

  @TempDir Path dir;
  private Vertx vertx;
  private Pool pool;
  private HistoryStore store;

  @BeforeEach
  void openADatabaseOfThePreviousSchema() {
    vertx = Vertx.vertx();
    pool = Database.pool(vertx, dir.resolve("history").toString(), "history", 2);
    for (String ddl :
        List.of(
            "CREATE TABLE dss_history (subscription_id BIGINT NOT NULL, seq BIGINT NOT NULL, event_type VARCHAR(32) NOT NULL,"
                + " oem_model VARCHAR(64), dsn VARCHAR(64), property_name VARCHAR(64), event_time BIGINT NOT NULL,"
                + " stored_at BIGINT NOT NULL, event_json CHARACTER VARYING NOT NULL, PRIMARY KEY (subscription_id, seq))",
            "CREATE TABLE dss_history_progress (stream VARCHAR(4096) PRIMARY KEY, subscription_id BIGINT NOT NULL,"
                + " last_seq BIGINT NOT NULL)")) {
      pool.query(ddl).execute().await();
    }
    store = new HistoryStore(pool, SqlDialect.H2);
    store.init().await();
  }

  @AfterEach
  void close() {
    store.close().await();
    vertx.close().await();
  }

  @Test
  void aHoleIsRecordedWithTheEventAfterItAndHandedBack() {
    store.write(List.of(event(1, null), event(2, null), event(3, null))).await();
    store
        .write(
            List.of(event(10, new LostSeqs(4, 9, LostSeqs.UPSTREAM_SKIPPED, D1)), event(11, null)))
        .await();

    assertThat(store.progress().await())
        .isEqualTo(Map.of(STREAM, new HistoryStore.Progress(7, 11)));
    StreamTap.Archive archive = store.since(7, 1, 100).await();
    assertThat(archive.events()).extracting(StreamEvent::seq).containsExactly(2L, 3L, 10L, 11L);
    assertThat(archive.missing()).containsExactly(new StreamTap.Missing(4, 9, "upstream_skipped"));

    ResumeRead read = new ResumeRead(1, 100);
    read.holes(archive.missing());
    archive.events().forEach(e -> read.add(e, null));
    assertThat(read.archive().events())
        .extracting(StreamEvent::seq)
        .containsExactly(2L, 3L, 10L, 11L);
    assertThat(read.archive().missing())
        .containsExactly(new StreamTap.Missing(4, 9, "upstream_skipped"));

    HistoryStore.Gap gap = new HistoryStore.Gap("datapoint", 4, 9, "upstream_skipped");
    assertThat(store.page(query(Set.of("D1"))).await().gaps()).containsExactly(gap);
    assertThat(store.page(query(Set.of())).await().gaps()).containsExactly(gap);
    assertThat(store.page(query(Set.of("D2"))).await().gaps())
        .as("a device the stream does not carry")
        .isEmpty();
  }

  @Test
  void progressNeverPassesAHoleThatIsNotOnRecord() {
    store.write(List.of(event(1, null))).await();
    LostSeqs unrecordable =
        new LostSeqs(2, 4, "x".repeat(40), D1); // longer than the reason column: its insert fails
    assertThatThrownBy(() -> store.write(List.of(event(5, unrecordable))).await()).isNotNull();

    assertThat(store.progress().await().get(STREAM)).isEqualTo(new HistoryStore.Progress(7, 1));
    assertThat(store.since(7, 0, 100).await().events())
        .extracting(StreamEvent::seq)
        .containsExactly(1L);
  }

  private static ArchivedEvent event(long seq, LostSeqs lostBefore) {
    String json =
        "{\"seq\":\""
            + seq
            + "\",\"metadata\":{\"dsn\":\"D1\",\"event_type\":\"datapoint\"},"
            + "\"datapoint\":{\"created_at\":\"2026-01-01T00:00:"
            + String.format("%02d", seq)
            + "Z\",\"value\":"
            + seq
            + "}}";
    return ArchivedEvent.of(
        STREAM,
        7,
        new StreamEvent(seq, "datapoint", "m", "D1", "p", Buffer.buffer(json)),
        lostBefore);
  }

  private static HistoryQuery query(Set<String> dsns) {
    return new HistoryQuery(
        Set.of("datapoint"), Set.of(), dsns, Set.of(), 0, Long.MAX_VALUE, 100, null);
  }
}
