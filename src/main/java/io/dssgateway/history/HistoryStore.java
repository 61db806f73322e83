package io.dssgateway.history;

import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamTap;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collected events in a relational database through a Vert.x SQL client pool (embedded H2, or
 * PostgreSQL): written in batches, one transaction per batch together with each stream's progress,
 * so the progress never claims an event that is not stored, nor passes seqs the upstream skipped
 * unless they are on record ({@link HistoryGaps}, in the same transaction); a replayed event is a
 * no-op (its (subscription_id, seq) is the primary key). Serves history pages and the events a
 * resuming browser needs. The event JSON is stored exactly as received.
 */
public final class HistoryStore {

  /** How far a stream's storing got: every event of the subscription up to the seq is stored. */
  public record Progress(long subscriptionId, long lastSeq) {}

  /**
   * One page: the events (JSON as received), where it ended (null when it is the last), and the
   * seqs lost for good in the time it covers that its events could have been among.
   */
  public record Page(List<Buffer> events, HistoryQuery.Position next, List<Gap> gaps) {

    public Page(List<Buffer> events, HistoryQuery.Position next) {
      this(events, next, List.of());
    }
  }

  /** Seqs of a collected stream lost for good, and why. */
  public record Gap(String eventType, long fromSeq, long toSeq, String reason) {}

  private final Pool pool;
  private final SqlDialect dialect;
  private final HistoryGaps gaps;

  HistoryStore(Pool pool, SqlDialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.gaps = new HistoryGaps(pool, dialect);
  }

  public Future<Void> init() {
    Future<Void> chain = Future.succeededFuture();
    for (String ddl : dialect.schema()) {
      chain = chain.compose(v -> pool.query(ddl).execute().mapEmpty());
    }
    return chain;
  }

  /** Every stream's progress, by canonical key. */
  public Future<Map<String, Progress>> progress() {
    return pool.query("SELECT stream, subscription_id, last_seq FROM dss_history_progress")
        .execute()
        .map(
            rows -> {
              Map<String, Progress> out = new HashMap<>();
              for (Row row : rows) {
                out.put(row.getString(0), new Progress(row.getLong(1), row.getLong(2)));
              }
              return out;
            });
  }

  /** Stores a batch (events in seq order per stream), the holes its events follow, and the progress it makes, atomically. */
  Future<Void> write(List<ArchivedEvent> batch) {
    long now = System.currentTimeMillis();
    List<Tuple> rows = new ArrayList<>(batch.size());
    Map<String, Tuple> progress = new LinkedHashMap<>();
    for (ArchivedEvent a : batch) {
      StreamEvent e = a.event();
      rows.add(
          Tuple.of(
              a.subscriptionId(),
              e.seq(),
              e.eventType(),
              e.oemModel(),
              e.dsn(),
              e.propertyName(),
              a.eventTimeMillis(),
              now,
              e.json().toString()));
      progress.put(a.stream(), Tuple.of(a.stream(), a.subscriptionId(), e.seq()));
    }
    List<Tuple> marks = new ArrayList<>(progress.values());
    return pool.withTransaction(
            conn ->
                conn.preparedQuery(dialect.insertEvent())
                    .executeBatch(rows)
                    .compose(r -> gaps.record(conn, batch, now))
                    .compose(r -> conn.preparedQuery(dialect.saveProgress()).executeBatch(marks)))
        .mapEmpty();
  }

  /**
   * The stored events of a subscription after a seq, in seq order, at most {@code limit}, and its
   * recorded holes ending after that seq; the holes are read second, so every hole an event read
   * follows is among them (both are written in one transaction).
   */
  Future<StreamTap.Archive> since(long subscriptionId, long afterSeq, int limit) {
    String sql =
        "SELECT seq, event_type, oem_model, dsn, property_name, event_json FROM dss_history WHERE subscription_id = "
            + dialect.param(1)
            + " AND seq > "
            + dialect.param(2)
            + " ORDER BY seq LIMIT "
            + dialect.param(3);
    return pool.preparedQuery(sql)
        .execute(Tuple.of(subscriptionId, afterSeq, limit))
        .compose(
            rows -> {
              List<StreamEvent> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(
                    new StreamEvent(
                        row.getLong(0),
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        Buffer.buffer(row.getString(5))));
              }
              return gaps.since(subscriptionId, afterSeq)
                  .map(missing -> new StreamTap.Archive(out, missing));
            });
  }

  /** One page of a history query, oldest first (event time, then subscription and seq). */
  public Future<Page> page(HistoryQuery q) {
    StringBuilder sql =
        new StringBuilder(
                "SELECT event_json, event_time, subscription_id, seq FROM dss_history WHERE event_time >= ")
            .append(dialect.param(1))
            .append(" AND event_time < ")
            .append(dialect.param(2));
    List<Object> params = new ArrayList<>(List.of(q.fromMillis(), q.toMillis()));
    dialect.in(sql, params, "event_type", q.types());
    dialect.in(sql, params, "oem_model", q.oemModels());
    dialect.in(sql, params, "dsn", q.dsns());
    dialect.in(sql, params, "property_name", q.properties());
    HistoryQuery.Position after = q.after();
    if (after != null) {
      int n = params.size();
      sql.append(" AND (event_time > ")
          .append(dialect.param(n + 1))
          .append(" OR (event_time = ")
          .append(dialect.param(n + 2))
          .append(" AND (subscription_id > ")
          .append(dialect.param(n + 3))
          .append(" OR (subscription_id = ")
          .append(dialect.param(n + 4))
          .append(" AND seq > ")
          .append(dialect.param(n + 5))
          .append("))))");
      params.addAll(
          List.of(
              after.eventTime(),
              after.eventTime(),
              after.subscriptionId(),
              after.subscriptionId(),
              after.seq()));
    }
    sql.append(" ORDER BY event_time, subscription_id, seq LIMIT ")
        .append(dialect.param(params.size() + 1));
    params.add(q.limit() + 1); // one more tells whether there is a next page
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(params))
        .compose(
            rows -> {
              List<Buffer> events = new ArrayList<>();
              HistoryQuery.Position last = null;
              boolean more = false;
              for (Row row : rows) {
                if (events.size() == q.limit()) {
                  more = true;
                  break;
                }
                events.add(Buffer.buffer(row.getString(0)));
                last = new HistoryQuery.Position(row.getLong(1), row.getLong(2), row.getLong(3));
              }
              HistoryQuery.Position next = more ? last : null;
              // the time this page covers: from where the previous one ended to its last event (the
              // last page: to the query's end)
              long from = after != null ? after.eventTime() : q.fromMillis();
              long to = next != null ? next.eventTime() : q.toMillis() - 1;
              return gaps.overlapping(q, from, to).map(lost -> new Page(events, next, lost));
            });
  }

  public Future<Void> close() {
    return pool.close();
  }
}
