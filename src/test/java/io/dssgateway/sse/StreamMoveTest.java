package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.dssgateway.common.JsonErrorHandler;
import io.dssgateway.hub.Cursor;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.HubConfig;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.SubscriptionPlanner;
import io.dssgateway.hub.UpstreamProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wide planner in per-user mode, on a real {@link Hub} and {@link LoopGroup} serving real HTTP
 * streams, with a scripted upstream whose two subscriptions carry the same device events under
 * seqs of their own. When the user's devices change, the planned stream changes (narrow, wider,
 * narrow again) and the browsers of the old one move onto the new one while events flow: each
 * gets every event of its device once, in order, nothing of another device, and its cursor resumes
 * exactly on whichever stream it names.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StreamMoveTest {

  private static final String SCOPE = "user:demo";
  private static final SseConfig CONFIG = new SseConfig(60_000, 1000, 1 << 20, 10, 50);
  private static final StreamUser USER = new StreamUser(SCOPE, "demo", null);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Pattern VALUE = Pattern.compile("\"value\":(\\d+)");
  private static final Pattern ID = Pattern.compile("(?m)^id: (\\S+)$");

  private Vertx vertx;
  private Hub hub;
  private HttpServer server;
  private NetClient browsers;
  private volatile LoopGroup group;
  private volatile Set<String> owned = Set.of("A", "B");
  private final Upstream upstream = new Upstream();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HubConfig config =
        new HubConfig(
            60_000, 1000, Long.MAX_VALUE, 15_000, 0, 0, 0, SubscriptionPlanner.Policy.WIDE);
    hub = new Hub(upstream, config, type -> {}, new SseEventFormat());
    vertx.deployVerticle(hub).await();
    browsers = vertx.createNetClient();
    Router router = Router.router(vertx);
    router
        .get("/events")
        .handler(
            ctx -> {
              if (group == null) {
                group =
                    new LoopGroup(
                        Vertx.currentContext(),
                        60_000,
                        new LoopGroupTest.CountingObserver(),
                        hub,
                        (scope, dsn) -> owned.contains(dsn)); // as UserDevices does
              }
              LoopGroup g = group;
              Filter filter = Filter.of(Set.of(), Set.of(ctx.queryParam("dsn").get(0)), Set.of());
              SseConnection c =
                  new SseConnection(
                      ctx, USER, filter, false, CONFIG, new LoopGroupTest.CountingObserver());
              Runnable remove = () -> g.remove(c);
              ctx.response().closeHandler(v -> remove.run());
              hub.attach(
                  new Hub.Attach<>(
                      List.of(new StreamKey(SCOPE, "datapoint", filter)),
                      Cursor.parse(ctx.request().getHeader("Last-Event-ID")),
                      g,
                      c,
                      owned));
            });
    router.route().failureHandler(JsonErrorHandler.create());
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void browsersMoveFromNarrowToWideAndBackWithNothingLostRepeatedOrForeign() {
    StreamKey ab = userWide("A", "B");
    StreamKey abc = userWide("A", "B", "C");

    ChunkedReader onA = browser("A", null);
    within(onA.untilChunks(1));
    within(upstream.emit(ab, "A", 1, "A", 2, "B", 3));
    within(onA.until(b -> values(b).size() == 2));
    String beforeTheMove = lastId(onA);

    owned = Set.of("A", "B", "C"); // a device joined the user's account
    ChunkedReader onC = browser("C", null);
    within(onC.untilChunks(1));
    awaitBrowsers(abc, 2);
    // device event 4 reached only the old subscription (published before the new one existed);
    // 5 and 6 reach both, the new one first for 6; 7 is of the new device
    within(
        upstream.emitInOrder(
            ab, "A", 4, ab, "A", 5, abc, "A", 5, abc, "A", 6, abc, "C", 7, ab, "A", 6));
    within(onA.until(b -> values(b).size() == 5));
    within(onC.until(b -> values(b).size() == 1));
    awaitBrowsers(ab, 0);
    assertThat(values(onA)).containsExactly(1, 2, 4, 5, 6);
    assertThat(values(onC)).containsExactly(7);
    assertThat(lastId(onA))
        .as("the cursor names the new stream")
        .startsWith(upstream.id(abc) + ":");

    // a cursor from after the move resumes exactly on the new stream
    String afterTheMove = lastId(onA);
    within(onA.close());
    within(upstream.emitInOrder(abc, "A", 10, ab, "A", 10));
    ChunkedReader resumed = browser("A", afterTheMove);
    within(resumed.until(b -> values(b).size() == 1));
    assertThat(values(resumed)).containsExactly(10);

    // one from before the move resumes on the old stream, still lingering, and moves over at once
    ChunkedReader late = browser("A", beforeTheMove);
    within(late.until(b -> values(b).size() == 4));
    awaitBrowsers(abc, 3);
    within(upstream.emitInOrder(abc, "A", 11, ab, "A", 11));
    within(late.until(b -> values(b).size() == 5));
    assertThat(values(late)).containsExactly(4, 5, 6, 10, 11);

    // the device leaves the account: the narrower plan again, whose stream is behind the wider one;
    // its browsers switch once it has caught up
    within(upstream.emitInOrder(abc, "A", 12));
    owned = Set.of("A", "B");
    ChunkedReader onB = browser("B", null);
    within(onB.untilChunks(1));
    within(
        upstream.emitInOrder(
            abc, "A", 13, abc, "C", 16, ab, "A", 12, ab, "B", 14, ab, "A", 13, abc, "B", 14));
    awaitBrowsers(abc, 0);
    within(upstream.emitInOrder(ab, "A", 15, abc, "A", 15));
    within(resumed.until(b -> values(b).size() == 5));
    within(late.until(b -> values(b).size() == 8));
    within(onB.until(b -> values(b).size() == 1));
    assertThat(values(resumed)).containsExactly(10, 11, 12, 13, 15);
    assertThat(values(late)).containsExactly(4, 5, 6, 10, 11, 12, 13, 15);
    assertThat(values(onB)).containsExactly(14);
    assertThat(values(onC)).as("nothing of another device").containsExactly(7);
    assertThat(browsersOn(ab)).isEqualTo(4);
  }

  private static StreamKey userWide(String... dsns) {
    return new StreamKey(SCOPE, "datapoint", Filter.of(Set.of(), Set.of(dsns), Set.of()));
  }

  private ChunkedReader browser(String dsn, String lastEventId) {
    Map<String, String> headers = new HashMap<>();
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return within(ChunkedReader.get(browsers, server.actualPort(), "/events?dsn=" + dsn, headers));
  }

  private static List<Integer> values(ChunkedReader browser) {
    List<Integer> values = new ArrayList<>();
    Matcher m = VALUE.matcher(browser.text());
    while (m.find()) {
      values.add(Integer.parseInt(m.group(1)));
    }
    return values;
  }

  private static String lastId(ChunkedReader browser) {
    Matcher m = ID.matcher(browser.text());
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }

  private int browsersOn(StreamKey key) {
    JsonArray streams = within(hub.streams(k -> true));
    for (Object o : streams) {
      JsonObject s = (JsonObject) o;
      if (s.getString("key").equals(key.canonical())) {
        return s.getInteger("browsers");
      }
    }
    return -1;
  }

  private void awaitBrowsers(StreamKey key, int n) {
    Eventually.until(key.canonical() + " read by " + n, WAIT, () -> browsersOn(key) == n);
  }

  private static <T> T within(Future<T> future) {
    try {
      return future.timeout(5, TimeUnit.SECONDS).await();
    } catch (RuntimeException e) {
      throw new AssertionError("a wait failed: " + e, e);
    }
  }

  /**
   * Subscriptions numbered 100, 101, ...; each emitted device event carries a datapoint id of its
   * own, the same on every subscription it reaches, and the next seq of that subscription.
   */
  private static final class Upstream implements UpstreamProvider {
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private volatile Context context;

    private record Opened(long id, Listener listener, AtomicLong seq) implements Handle {
      @Override
      public long subscriptionId() {
        return id;
      }

      @Override
      public JsonObject stats() {
        return new JsonObject();
      }

      @Override
      public Future<Void> release() {
        return Future.succeededFuture();
      }
    }

    long id(StreamKey key) {
      return opened.get(key.canonical()).id();
    }

    Future<Void> emit(StreamKey key, Object... dsnsAndValues) {
      List<Object> all = new ArrayList<>();
      for (int i = 0; i < dsnsAndValues.length; i += 2) {
        all.add(key);
        all.add(dsnsAndValues[i]);
        all.add(dsnsAndValues[i + 1]);
      }
      return emitInOrder(all.toArray());
    }

    /** In ONE task on the hub's context: key, dsn, value, key, dsn, value, ... */
    Future<Void> emitInOrder(Object... keysDsnsValues) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(
          v -> {
            for (int i = 0; i < keysDsnsValues.length; i += 3) {
              StreamKey key = (StreamKey) keysDsnsValues[i];
              String dsn = (String) keysDsnsValues[i + 1];
              int value = (Integer) keysDsnsValues[i + 2];
              Opened o = opened.get(key.canonical());
              long seq = o.seq().incrementAndGet();
              String json =
                  "{\"seq\":\""
                      + seq
                      + "\",\"metadata\":{\"dsn\":\""
                      + dsn
                      + "\"},\"datapoint\":{\"id\":\"ev-"
                      + value
                      + "\",\"value\":"
                      + value
                      + "}}";
              o.listener()
                  .onEvent(
                      new StreamEvent(
                          seq, "datapoint", "ledevb", dsn, "Blue_LED", Buffer.buffer(json)));
            }
            done.complete();
          });
      return done.future();
    }

    @Override
    public Future<List<StreamKey>> start() {
      context = Vertx.currentContext();
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Handle> open(StreamKey key, Listener listener) {
      Opened o = new Opened(ids.getAndIncrement(), listener, new AtomicLong());
      opened.put(key.canonical(), o);
      listener.onSubscription(o.id(), 0);
      return Future.succeededFuture(o);
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }
  }
}
