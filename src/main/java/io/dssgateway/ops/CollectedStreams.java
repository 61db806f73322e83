package io.dssgateway.ops;

import io.dssgateway.auth.AuthSettings;
import io.dssgateway.common.HttpError;
import io.dssgateway.config.AppConfig;
import io.dssgateway.config.ConfigError;
import io.dssgateway.history.HistorySettings;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.sim.SimSettings;
import io.dssgateway.sse.EventRequest;
import io.vertx.core.MultiMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code history.streams} read as stream keys: each {@code ;}-separated part is a filter in the
 * {@code /events} query syntax, validated by the same rules (one key per event type it names), and
 * the Ayla account they run under.
 */
final class CollectedStreams {

  /** The Ayla account collected streams run under. */
  record Account(String email, String password) {}

  private CollectedStreams() {}

  static boolean configured(AppConfig config) {
    String spec = config.string(HistorySettings.STREAMS);
    return spec != null && !spec.isBlank();
  }

  static List<StreamKey> keys(String spec, String scope, int maxValues) {
    Map<String, StreamKey> keys = new LinkedHashMap<>();
    for (String part : spec.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      EventRequest request;
      try {
        request = EventRequest.parse(query(part.strip()), null, maxValues);
      } catch (HttpError e) {
        throw new ConfigError(
            "history.streams: '"
                + part.strip()
                + "': "
                + e.getMessage()
                + (e.details() == null || e.details().isEmpty() ? "" : " " + e.details().encode()));
      }
      for (String type : request.types()) {
        StreamKey key = new StreamKey(scope, type, request.filter());
        keys.putIfAbsent(key.canonical(), key);
      }
    }
    return List.copyOf(keys.values());
  }

  /**
   * {@code history.account.*}, else the service account ({@code auth.service.*}), else the embedded
   * simulator's first account (role {@code all}); none of them: a configuration error.
   */
  static Account account(AppConfig config) {
    String email = config.string(HistorySettings.ACCOUNT_EMAIL);
    if (email != null && !email.isBlank()) {
      return new Account(
          email.trim().toLowerCase(java.util.Locale.ROOT),
          config.string(HistorySettings.ACCOUNT_PASSWORD));
    }
    email = config.string(AuthSettings.SERVICE_EMAIL);
    if (email != null && !email.isBlank()) {
      return new Account(
          email.trim().toLowerCase(java.util.Locale.ROOT),
          config.string(AuthSettings.SERVICE_PASSWORD));
    }
    List<String> accounts = config.list(SimSettings.ACCOUNTS);
    if (config.string(OpsSettings.ROLE).equals("all")
        && !accounts.isEmpty()
        && accounts.get(0).contains(":")) {
      String first = accounts.get(0);
      int colon = first.indexOf(':');
      return new Account(
          first.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
          first.substring(colon + 1));
    }
    throw new ConfigError(
        "history.streams needs an Ayla account to run under: set DSS_HISTORY_ACCOUNT_EMAIL and "
            + "DSS_HISTORY_ACCOUNT_PASSWORD (or the service account, DSS_AUTH_SERVICE_EMAIL and DSS_AUTH_SERVICE_PASSWORD)");
  }

  private static MultiMap query(String text) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.add(
          URLDecoder.decode(name, StandardCharsets.UTF_8).strip(),
          URLDecoder.decode(value, StandardCharsets.UTF_8).strip());
    }
    return query;
  }
}
