package io.dssgateway.history;

import static io.dssgateway.config.Setting.Kind.LONG;
import static io.dssgateway.config.Setting.Kind.MILLIS;
import static io.dssgateway.config.Setting.Kind.STRING;

import io.dssgateway.config.Setting;
import java.util.List;

/** Collected streams and where their events are stored. */
public final class HistorySettings {

  public static final Setting STREAMS =
      Setting.of(
          "history.streams",
          STRING,
          null,
          "Streams collected independently of browsers and stored: `;`-separated filters in the `/events` query syntax, "
              + "e.g. `subscription_type=datapoint&oem_model=ledevb&dsn=*;subscription_type=connectivity&dsn=AC000W000340649` "
              + "(unset: nothing is collected, no history database is opened)");
  public static final Setting DATABASE_URL =
      Setting.of(
          "history.database-url",
          STRING,
          "data/history",
          "Where history goes: an embedded H2 file path (or `mem`), or `postgresql://user@host:port/database` "
              + "(password from `DSS_HISTORY_DATABASE_PASSWORD`)");
  public static final Setting DATABASE_PASSWORD =
      Setting.secret(
          "history.database-password",
          "Password of the PostgreSQL history database (environment only)");
  public static final Setting JSONL_DIR =
      Setting.of(
          "history.jsonl-dir",
          STRING,
          null,
          "Also write collected events as JSON lines into this directory, one file per subscription and type (unset: no files)");
  public static final Setting JSONL_MAX_BYTES =
      Setting.of(
          "history.jsonl-max-bytes",
          LONG,
          67108864,
          "Size at which a JSON-lines file is rotated (renamed with a timestamp; a new one starts)");
  public static final Setting MAX_LAG_BYTES =
      Setting.of(
          "history.max-lag-bytes",
          LONG,
          33554432,
          "Bytes of collected events held in memory while the database lags; beyond it a collected stream stops taking events "
              + "and, once storing caught up, reads its upstream again from the last stored seq");
  public static final Setting RETRY =
      Setting.of(
          "history.retry-ms",
          MILLIS,
          1000,
          "Wait before writing a failed batch again (doubling up to 30 s while the database stays unavailable)");
  public static final Setting ACCOUNT_EMAIL =
      Setting.secret(
          "history.account.email",
          "Ayla account the collected streams run under in per-user mode (default: `auth.service.email`, or the embedded "
              + "simulator's first account)");
  public static final Setting ACCOUNT_PASSWORD =
      Setting.secret(
          "history.account.password", "Password of `history.account.email` (environment only)");

  public static final List<Setting> ALL =
      List.of(
          STREAMS,
          DATABASE_URL,
          DATABASE_PASSWORD,
          JSONL_DIR,
          JSONL_MAX_BYTES,
          MAX_LAG_BYTES,
          RETRY,
          ACCOUNT_EMAIL,
          ACCOUNT_PASSWORD);

  private HistorySettings() {}
}
