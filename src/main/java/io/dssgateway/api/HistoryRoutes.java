package io.dssgateway.api;

import io.dssgateway.auth.AuthErrors;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.Principal;
import io.dssgateway.common.HttpError;
import io.dssgateway.history.HistoryQuery;
import io.dssgateway.history.HistoryStore;
import io.dssgateway.hub.Filter;
import io.dssgateway.sse.EventRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code GET /api/history}: stored events of collected streams, oldest first, one page at a time,
 * each event's JSON exactly as received, with the seqs recorded as lost in the time the page covers. The caller sees what its scope allows: per-user mode, only
 * its own devices (a DSN it does not own is a 403; {@code dsn=*} means its devices); service mode,
 * what its JWT claims cover (as {@code /events}).
 */
final class HistoryRoutes {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> KNOWN =
      Set.of(
          "subscription_type",
          "oem_model",
          "dsn",
          "property_name",
          "from",
          "to",
          "limit",
          "cursor");

  private final HistoryStore store;
  private final AylaAccess access;
  private final UserDevices devices;
  private final int maxValues;

  /** @param store null when nothing is collected (the route answers 404 {@code history_disabled}) */
  HistoryRoutes(HistoryStore store, AylaAccess access, UserDevices devices, int maxValues) {
    this.store = store;
    this.access = access;
    this.devices = devices;
    this.maxValues = maxValues;
  }

  void mount(Router router) {
    router.get("/api/history").handler(this::history);
  }

  private void history(RoutingContext ctx) {
    if (store == null) {
      throw new HttpError(
          404,
          "history_disabled",
          "No streams are collected on this gateway (history.streams is not set)");
    }
    Principal principal = CredentialHandler.principal(ctx);
    HistoryQuery query = parse(ctx.queryParams());
    if (!AylaAccess.permits(principal, Filter.of(query.oemModels(), query.dsns(), Set.of()))) {
      throw AuthErrors.insufficientScope("Your credential does not cover these models or devices");
    }
    scoped(principal, query)
        .compose(
            q ->
                q == null
                    ? Future.succeededFuture(new HistoryStore.Page(java.util.List.of(), null))
                    : store.page(q))
        .onSuccess(
            page ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(body(page)))
        .onFailure(ctx::fail);
  }

  /** Per-user mode: the query narrowed to the caller's devices (null: it owns none, the page is empty). */
  private Future<HistoryQuery> scoped(Principal principal, HistoryQuery query) {
    if (access.serviceMode()) {
      return Future.succeededFuture(query);
    }
    return devices
        .ready(principal)
        .map(
            v -> {
              Set<String> owned = devices.owned(access.scopeOf(principal));
              if (query.dsns().isEmpty()) {
                Set<String> allowed = new HashSet<>(owned);
                if (principal.dsns() != null) {
                  allowed.retainAll(principal.dsns());
                }
                return allowed.isEmpty() ? null : query.withDsns(allowed);
              }
              if (!owned.containsAll(query.dsns())
                  || principal.dsns() != null && !principal.dsns().containsAll(query.dsns())) {
                throw AuthErrors.insufficientScope("These devices are not yours");
              }
              return query;
            });
  }

  private HistoryQuery parse(MultiMap params) {
    EventRequest.checkParameters(params, KNOWN);
    JsonObject errors = new JsonObject();
    Set<String> types = EventRequest.types(params, maxValues, errors);
    Set<String> models = EventRequest.values(params, "oem_model", maxValues, errors);
    Set<String> dsns = EventRequest.values(params, "dsn", maxValues, errors);
    Set<String> properties = EventRequest.values(params, "property_name", maxValues, errors);
    long from = time(params, "from", 0, errors);
    long to = time(params, "to", Long.MAX_VALUE, errors);
    if (from >= to && !errors.containsKey("from") && !errors.containsKey("to")) {
      errors.put("to", new JsonArray().add("must be after from"));
    }
    int limit = limit(params.get("limit"), errors);
    HistoryQuery.Position after = null;
    String cursor = params.get("cursor");
    if (cursor != null) {
      try {
        after = HistoryQuery.Position.decode(cursor);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest(
            "invalid_cursor", "cursor is not a next value this gateway issued");
      }
    }
    if (!errors.isEmpty()) {
      throw HttpError.unprocessable("Invalid history query", errors);
    }
    return new HistoryQuery(
        EventRequest.star(types),
        EventRequest.star(models),
        EventRequest.star(dsns),
        EventRequest.star(properties),
        from,
        to,
        limit,
        after);
  }

  private static long time(MultiMap params, String name, long absent, JsonObject errors) {
    String text = params.get(name);
    if (text == null) {
      return absent;
    }
    try {
      return text.endsWith("Z")
          ? Instant.parse(text).toEpochMilli()
          : OffsetDateTime.parse(text).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      errors.put(
          name, new JsonArray().add("must be an ISO-8601 instant, e.g. 2026-11-28T14:00:00Z"));
      return absent;
    } catch (DateTimeException | ArithmeticException e) {
      errors.put(
          name,
          new JsonArray().add("is out of range: milliseconds since 1970 must fit in 64 bits"));
      return absent;
    }
  }

  private static int limit(String text, JsonObject errors) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.put("limit", new JsonArray().add("must be an integer from 1 to " + MAX_LIMIT));
    return DEFAULT_LIMIT;
  }

  /** {@code {"events":[...],"next":...,"gaps":[...]}} with each event's JSON as stored, not parsed again. */
  private static Buffer body(HistoryStore.Page page) {
    Buffer out =
        Buffer.buffer(
            64 + page.events().stream().mapToInt(Buffer::length).sum() + page.events().size());
    out.appendString("{\"events\":[");
    for (int i = 0; i < page.events().size(); i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      out.appendBuffer(page.events().get(i));
    }
    out.appendString("],\"next\":")
        .appendString(page.next() == null ? "null" : "\"" + page.next().encode() + "\"");
    JsonArray gaps = new JsonArray();
    for (HistoryStore.Gap g : page.gaps()) {
      gaps.add(
          new JsonObject()
              .put("subscription_type", g.eventType())
              .put("from_seq", g.fromSeq())
              .put("to_seq", g.toSeq())
              .put("reason", g.reason()));
    }
    return out.appendString(",\"gaps\":").appendString(gaps.encode()).appendString("}");
  }
}
