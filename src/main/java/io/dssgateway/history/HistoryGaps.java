package io.dssgateway.history;

import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamTap;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The seqs collected streams lost for good ({@code dss_history_gaps}): recorded inside the
 * transaction of the event stored after them, read back for browsers resuming from history and for
 * history pages. A hole has no time of its own; it spans the time between the event stored before
 * it (0 when there is none) and the one after, and concerns the queries its stream's filter could
 * have answered.
 */
final class HistoryGaps {

  /** Most holes one history page or one resume reads. */
  static final int MAX_READ = 1000;

  private final Pool pool;
  private final SqlDialect dialect;

  HistoryGaps(Pool pool, SqlDialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /** Records the holes a batch's events carry, on the batch's connection (inside its transaction), after its events. */
  Future<Void> record(SqlConnection conn, List<ArchivedEvent> batch, long now) {
    Future<Void> chain = Future.succeededFuture();
    for (ArchivedEvent a : batch) {
      if (a.lostBefore() != null) {
        chain = chain.compose(v -> record(conn, a, now));
      }
    }
    return chain;
  }

  private Future<Void> record(SqlConnection conn, ArchivedEvent a, long now) {
    LostSeqs lost = a.lostBefore();
    String before =
        "SELECT event_time FROM dss_history WHERE subscription_id = "
            + dialect.param(1)
            + " AND seq = "
            + dialect.param(2);
    return conn.preparedQuery(before)
        .execute(Tuple.of(a.subscriptionId(), lost.fromSeq() - 1))
        .compose(
            rows -> {
              long beforeTime = rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
              long afterTime = a.eventTimeMillis();
              Filter f = lost.filter();
              Tuple row =
                  Tuple.from(
                      List.of(
                          a.subscriptionId(),
                          lost.fromSeq(),
                          lost.toSeq(),
                          a.event().eventType(),
                          lost.reason(),
                          Filter.render(f.oemModels()),
                          Filter.render(f.dsns()),
                          Filter.render(f.properties()),
                          Math.min(beforeTime, afterTime),
                          Math.max(beforeTime, afterTime),
                          now));
              return conn.preparedQuery(dialect.insertGap()).execute(row).mapEmpty();
            });
  }

  /** The holes of a subscription ending after a seq, in seq order. */
  Future<List<StreamTap.Missing>> since(long subscriptionId, long afterSeq) {
    String sql =
        "SELECT from_seq, to_seq, reason FROM dss_history_gaps WHERE subscription_id = "
            + dialect.param(1)
            + " AND to_seq > "
            + dialect.param(2)
            + " ORDER BY from_seq LIMIT "
            + MAX_READ;
    return pool.preparedQuery(sql)
        .execute(Tuple.of(subscriptionId, afterSeq))
        .map(
            rows -> {
              List<StreamTap.Missing> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(new StreamTap.Missing(row.getLong(0), row.getLong(1), row.getString(2)));
              }
              return out;
            });
  }

  /**
   * The holes a query's events could have fallen in, between two event times (both inclusive):
   * of its types, whose stream's filter shares a model, DSN and property with the query's.
   */
  Future<List<HistoryStore.Gap>> overlapping(HistoryQuery q, long fromTime, long toTime) {
    StringBuilder sql =
        new StringBuilder(
                "SELECT event_type, from_seq, to_seq, reason, oem_models, dsns, property_names"
                    + " FROM dss_history_gaps WHERE to_time >= ")
            .append(dialect.param(1))
            .append(" AND from_time <= ")
            .append(dialect.param(2));
    List<Object> params = new ArrayList<>(List.of(fromTime, toTime));
    dialect.in(sql, params, "event_type", q.types());
    sql.append(" ORDER BY from_time, subscription_id, from_seq LIMIT ").append(MAX_READ);
    return pool.preparedQuery(sql.toString())
        .execute(Tuple.from(params))
        .map(
            rows -> {
              List<HistoryStore.Gap> out = new ArrayList<>();
              for (Row row : rows) {
                if (shares(row.getString(4), q.oemModels())
                    && shares(row.getString(5), q.dsns())
                    && shares(row.getString(6), q.properties())) {
                  out.add(
                      new HistoryStore.Gap(
                          row.getString(0), row.getLong(1), row.getLong(2), row.getString(3)));
                }
              }
              return out;
            });
  }

  /** A stream dimension ({@code *} or a comma-separated list) and a query's ({@code empty} = any) have a value in common. */
  static boolean shares(String streamValues, Set<String> wanted) {
    if (wanted == null || wanted.isEmpty() || "*".equals(streamValues)) {
      return true;
    }
    return Arrays.stream(streamValues.split(",")).anyMatch(wanted::contains);
  }
}
