package io.dssgateway.api;

import io.dssgateway.auth.Principal;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.ServiceState;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.upstream.AylaSession;
import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads from Ayla's device service what a snapshot needs for one caller: the devices its filter and
 * scope cover, and the properties of those the hub's view does not yet keep current (at most {@code
 * maxFilled} of them, a few calls at a time). Ayla failing makes the state incomplete, never an error.
 */
public final class StateReader {

  static final String UNAVAILABLE = "device_service_unavailable";
  static final String TOO_MANY = "too_many_devices";
  private static final int CONCURRENT_READS = 8;

  /** How long one device list serves the snapshots of a scope (a crowd opening streams asks Ayla once). */
  static final long LIST_MILLIS = 10_000;

  private static final int MAX_LISTS = 10_000;

  private record Listed(Future<Map<String, ServiceState.Device>> devices, long at) {}

  private final Map<String, Listed> lists = new java.util.concurrent.ConcurrentHashMap<>();

  private final AylaAccess access;
  private final UserDevices owned;
  private final Hub hub;
  private final int maxFilled;

  public StateReader(AylaAccess access, UserDevices owned, Hub hub, int maxFilled) {
    this.access = access;
    this.owned = owned;
    this.hub = hub;
    this.maxFilled = maxFilled;
  }

  /** What the device service says for a snapshot of {@code types} under {@code filter}. */
  public Future<ServiceState> read(Principal p, Filter filter, List<String> types) {
    String scope = access.scopeOf(p);
    return Future.<AylaSession>succeededFuture()
        .map(v -> access.forPrincipal(p))
        .compose(session -> read(session, p, scope, filter, types))
        .recover(err -> Future.succeededFuture(new ServiceState(List.of(), false, UNAVAILABLE)));
  }

  private Future<ServiceState> read(
      AylaSession session, Principal p, String scope, Filter filter, List<String> types) {
    return devices(scope, session)
        .map(list -> covered(p, scope, filter, list))
        .compose(
            devices ->
                types.contains("datapoint")
                    ? withProperties(session, new StreamKey(scope, "datapoint", filter), devices)
                    : Future.succeededFuture(new ServiceState(devices, true, null)));
  }

  /** The scope's device list, read at most once per {@link #LIST_MILLIS}; a failed read is not kept. */
  private Future<Map<String, ServiceState.Device>> devices(String scope, AylaSession session) {
    long now = System.currentTimeMillis();
    Listed listed =
        lists.compute(
            scope,
            (k, had) ->
                had != null && now - had.at() < LIST_MILLIS && !had.devices().failed()
                    ? had
                    : new Listed(session.devices().map(StateReader::byDsn), now));
    if (lists.size() > MAX_LISTS) {
      lists.values().removeIf(l -> now - l.at() >= LIST_MILLIS);
    }
    return CallerContext.of(listed.devices());
  }

  /** The devices of a {@code devices.json} answer by DSN, in its order. */
  private static Map<String, ServiceState.Device> byDsn(JsonArray listed) {
    Map<String, ServiceState.Device> out = new java.util.LinkedHashMap<>();
    for (Object o : listed) {
      JsonObject d = o instanceof JsonObject j ? j.getJsonObject("device", j) : null;
      if (d != null && d.getValue("dsn") instanceof String dsn) {
        out.put(
            dsn,
            new ServiceState.Device(
                dsn,
                d.getValue("oem_model") instanceof String m ? m : null,
                text(d.getValue("connection_status")),
                text(d.getValue("lat")),
                text(d.getValue("lng")),
                null));
      }
    }
    return out;
  }

  /** The listed devices the filter and the caller's scope cover (looked up by DSN when it names them). */
  private List<ServiceState.Device> covered(
      Principal p, String scope, Filter filter, Map<String, ServiceState.Device> listed) {
    java.util.Collection<ServiceState.Device> candidates =
        filter.dsns().isEmpty()
            ? listed.values()
            : filter.dsns().stream().map(listed::get).filter(java.util.Objects::nonNull).toList();
    List<ServiceState.Device> out = new ArrayList<>();
    for (ServiceState.Device d : candidates) {
      if (filter.matches(d.oemModel(), d.dsn(), null)
          && p.mayRead(d.oemModel(), d.dsn())
          && owned.mayDeliver(scope, d.dsn())) {
        out.add(d);
      }
    }
    return out;
  }

  private Future<ServiceState> withProperties(
      AylaSession session, StreamKey key, List<ServiceState.Device> devices) {
    List<String> dsns = devices.stream().map(ServiceState.Device::dsn).toList();
    return hub.unfilled(key, owned.visibleDevices(key.scope()), dsns)
        .compose(
            unfilled -> {
              List<String> toRead = unfilled.stream().limit(maxFilled).toList();
              Map<String, JsonArray> read = new HashMap<>();
              return readAll(session, toRead, 0, read)
                  .map(
                      failed -> {
                        List<ServiceState.Device> out = new ArrayList<>(devices.size());
                        for (ServiceState.Device d : devices) {
                          out.add(
                              new ServiceState.Device(
                                  d.dsn(),
                                  d.oemModel(),
                                  d.connectionStatus(),
                                  d.lat(),
                                  d.lng(),
                                  read.get(d.dsn())));
                        }
                        String reason =
                            failed ? UNAVAILABLE : unfilled.size() > maxFilled ? TOO_MANY : null;
                        return new ServiceState(out, reason == null, reason);
                      });
            });
  }

  /** Reads the properties of {@code dsns} from index {@code from} on; true when some read failed. */
  private Future<Boolean> readAll(
      AylaSession session, List<String> dsns, int from, Map<String, JsonArray> read) {
    if (from >= dsns.size()) {
      return Future.succeededFuture(false);
    }
    List<String> batch = dsns.subList(from, Math.min(dsns.size(), from + CONCURRENT_READS));
    List<Future<JsonArray>> reads = new ArrayList<>();
    for (String dsn : batch) {
      reads.add(session.properties(dsn).onSuccess(props -> read.put(dsn, props)));
    }
    return Future.join(reads)
        .transform(
            done ->
                readAll(session, dsns, from + CONCURRENT_READS, read)
                    .map(laterFailed -> laterFailed || done.failed()));
  }

  private static String text(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
