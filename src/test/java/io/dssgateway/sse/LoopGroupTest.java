package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.HttpError;
import io.dssgateway.common.JsonErrorHandler;
import io.dssgateway.hub.Cursor;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.Hub;
import io.dssgateway.hub.HubConfig;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One {@link LoopGroup} serving real HTTP/1.1 streams, fed by a real {@link Hub} whose provider is
 * scripted. Browsers are raw sockets that keep the chunk framing, so a test sees each write.
 *
 * <p>The Vert.x instance has ONE event loop: the hub, the group and the server share its thread, so
 * everything the hub posts in one task is queued before the group's drain can run. That makes
 * "one write per drain" observable as exactly one chunk, without timing.
 *
 * <p>The request handler wires a connection the way {@code SseEndpoint} does (close and end both
 * remove it from the group, once), minus the request parsing and per-user limits.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopGroupTest {

  private static final String DSN = "AC000W000340649";
  private static final Filter FILTER = Filter.of(Set.of(), Set.of(DSN), Set.of());
  private static final StreamKey DATAPOINT = new StreamKey("user:demo", "datapoint", FILTER);
  private static final StreamKey CONNECTIVITY = new StreamKey("user:demo", "connectivity", FILTER);
  private static final SseConfig CONFIG = new SseConfig(60_000, 1000, 1 << 20, 10, 50);
  private static final StreamUser USER = new StreamUser("user:demo", "demo", null);
  private static final String OPENING = "retry: 1000\n\n: stream open\n\n";
  // a browser joining at the head with nothing to catch up gets its cursor alone, as an id without
  // data
  private static final String FRESH = OPENING + "id: 1000:0\n\n";
  private static final Pattern SHUTDOWN =
      Pattern.compile(
          "retry: (\\d+)\n\nevent: shutdown\ndata: \\{\"reason\":\"server_shutdown\"}\n\n");

  private Vertx vertx;
  private ScriptedProvider provider;
  private Hub hub;
  private HttpServer server;
  private NetClient browsers; // one client, held: Vert.x closes a collected client's sockets
  private volatile LoopGroup group;
  private volatile StreamUser user = USER;
  private final CountingObserver observer = new CountingObserver();
  private final List<Served> served = new CopyOnWriteArrayList<>();

  /** A connection the server accepted, and when the group let go of it. */
  private record Served(SseConnection connection, Future<Void> removed) {}

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    provider = new ScriptedProvider();
    hub = new Hub(provider, new HubConfig(50, 100, 15_000), type -> {}, new SseEventFormat());
    vertx.deployVerticle(hub).await();
    browsers = vertx.createNetClient();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void serve(SseConfig config, long sweepMillis) {
    serve(config, sweepMillis, new HttpServerOptions());
  }

  private void serve(SseConfig config, long sweepMillis, HttpServerOptions options) {
    Router router = Router.router(vertx);
    router
        .get("/events")
        .handler(
            ctx -> {
              if (group == null) {
                group = new LoopGroup(Vertx.currentContext(), sweepMillis, observer, hub);
              }
              LoopGroup g = group;
              // ?wide: the streams carry every device, each browser asks for the one of ?dsn (or
              // all)
              boolean wide = !ctx.queryParam("wide").isEmpty();
              Filter streamFilter = wide ? Filter.any() : FILTER;
              Filter browserFilter =
                  !wide
                      ? FILTER
                      : ctx.queryParam("dsn").isEmpty()
                          ? null
                          : Filter.of(Set.of(), Set.of(ctx.queryParam("dsn").get(0)), Set.of());
              List<StreamKey> keys =
                  Arrays.stream(ctx.queryParam("types").get(0).split(","))
                      .map(t -> new StreamKey("user:demo", t, streamFilter))
                      .toList();
              SseConnection connection =
                  new SseConnection(ctx, user, browserFilter, false, config, observer);
              Promise<Void> removed = Promise.promise();
              Runnable remove =
                  () -> {
                    if (!removed.future().isComplete()) {
                      g.remove(connection);
                      removed.complete();
                    }
                  };
              ctx.response().closeHandler(v -> remove.run());
              ctx.response().endHandler(v -> remove.run());
              served.add(new Served(connection, removed.future()));
              hub.attach(
                  new Hub.Attach<>(
                      keys, Cursor.parse(ctx.request().getHeader("Last-Event-ID")), g, connection));
            });
    router.route().failureHandler(JsonErrorHandler.create());
    server = vertx.createHttpServer(options).requestHandler(router).listen(0, "127.0.0.1").await();
  }

  private ChunkedReader browser(String types, String lastEventId) {
    Map<String, String> headers = new HashMap<>();
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    return within(
        ChunkedReader.get(browsers, server.actualPort(), "/events?types=" + types, headers));
  }

  @Test
  void aJoinWritesReplayThenLiveEventsInOrderAndEveryDrainIsOneWrite() {
    serve(CONFIG, 60_000);
    ChunkedReader first = browser("datapoint", null);
    within(first.untilChunks(1));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Content-Type")).startsWith("text/event-stream");
    assertThat(first.chunks()).containsExactly(FRESH);

    within(provider.opened(DATAPOINT).emit(1, 2, 3)); // three deliveries posted before one drain
    within(first.untilChunks(2));
    assertThat(first.chunks().get(1)).isEqualTo(events(1, 2, 3));

    ChunkedReader second = browser("datapoint", "1000:1");
    within(second.untilChunks(1));
    // the join's headers, opening lines and replay (after seq 1) go out together, in seq order
    assertThat(second.chunks()).containsExactly(OPENING + events(2, 3));

    within(provider.opened(DATAPOINT).emit(4, 5));
    within(first.untilChunks(3));
    within(second.untilChunks(2));
    assertThat(first.chunks()).containsExactly(FRESH, events(1, 2, 3), events(4, 5));
    assertThat(second.chunks()).containsExactly(OPENING + events(2, 3), events(4, 5));
    assertThat(provider.opens()).isEqualTo(1);
    assertThat(observer.opened.get()).isEqualTo(2);
  }

  @Test
  void aBrowserReadingTwoStreamsGetsTheirDeliveriesInOneWriteWithTheMultiplexedCursor() {
    serve(CONFIG, 60_000);
    ChunkedReader browser = browser("datapoint,connectivity", null);
    within(browser.untilChunks(1));
    assertThat(browser.chunks()).containsExactly(OPENING + "id: 1000:0,2000:0\n\n");

    within(provider.emitInOneTask(DATAPOINT, 1, CONNECTIVITY, 1, DATAPOINT, 2));
    within(browser.untilChunks(2));

    assertThat(browser.chunks().get(1))
        .isEqualTo(
            "id: 1000:1,2000:0\nevent: datapoint\ndata: {\"seq\":\"1\"}\n\n"
                + "id: 1000:1,2000:1\nevent: connectivity\ndata: {\"seq\":\"1\"}\n\n"
                + "id: 1000:2,2000:1\nevent: datapoint\ndata: {\"seq\":\"2\"}\n\n");
  }

  @Test
  void aRefusalFailsTheRequestWithTheHttpErrorsStatusAndJson() {
    serve(CONFIG, 60_000);
    provider.refuse("connectivity");

    ChunkedReader refused = browser("connectivity", null);
    within(refused.untilEnded());

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.header("Content-Type")).isEqualTo("application/json");
    assertThat(new JsonObject(refused.body()))
        .isEqualTo(
            new JsonObject()
                .put("error", "rejected_by_ayla")
                .put("message", "Ayla refused this subscription")
                .put("ayla", new JsonObject().put("reason", "unknown model")));
    assertThat(observer.opened.get()).isZero();
  }

  @Test
  void aJoinForABrowserThatAlreadyLeftGivesTheAttachmentStraightBack() {
    serve(CONFIG, 60_000);
    provider.hold("datapoint");
    ChunkedReader browser = browser("datapoint", null);
    within(provider.requested(DATAPOINT)); // the attach is under way

    within(browser.close());
    within(served.get(0).removed()); // the group heard the browser leave, before its join arrives
    provider.release(DATAPOINT);

    // the group hands the attachment back: nobody holds the stream, so it lingers out and is
    // released
    assertThat(within(provider.released(DATAPOINT))).isTrue();
    assertThat(within(hub.streams(k -> true))).isEmpty();
    assertThat(observer.opened.get()).isZero();
  }

  @Test
  void endAllEndsEveryStreamWithARetryHintAndAShutdownEvent() {
    serve(CONFIG, 60_000);
    ChunkedReader first = browser("datapoint", null);
    ChunkedReader second = browser("datapoint", null);
    within(first.untilChunks(1));
    within(second.untilChunks(1));
    within(provider.opened(DATAPOINT).emit(1));
    within(first.untilChunks(2));
    within(second.untilChunks(2));

    within(group.endAll(CONFIG));

    for (ChunkedReader browser : List.of(first, second)) {
      within(browser.untilEnded());
      List<String> chunks = browser.chunks();
      assertThat(chunks).hasSize(3);
      assertThat(chunks.subList(0, 2)).containsExactly(FRESH, events(1));
      assertShutdown(chunks.get(2));
    }
    // both ended streams gave their attachments back
    assertThat(within(provider.released(DATAPOINT))).isTrue();
    assertThat(observer.closed.get()).isEqualTo(2);
  }

  @Test
  void aJoinArrivingAfterEndAllBeganStillGetsTheShutdownEventAndLetsGo() {
    serve(CONFIG, 60_000);
    provider.hold("datapoint");
    ChunkedReader browser = browser("datapoint", null);
    within(provider.requested(DATAPOINT));

    within(group.endAll(CONFIG));
    provider.release(DATAPOINT);

    within(browser.untilEnded());
    assertThat(browser.status()).isEqualTo(200);
    assertThat(browser.chunks())
        .singleElement()
        .satisfies(
            only -> {
              assertThat(only).startsWith(FRESH);
              assertShutdown(only.substring(FRESH.length()));
            });
    assertThat(within(provider.released(DATAPOINT))).isTrue();
    assertThat(observer.opened.get()).isZero();
  }

  @Test
  void aBusyStreamOutlivesTheServersIdleTimeout() {
    // Events written straight to the socket pass no idle-timeout handler: the keep-alives, which
    // do,
    // must keep coming while events flow, or the server closes a busy stream as idle.
    serve(
        new SseConfig(100, 1000, 1 << 20, 10, 50),
        10,
        new HttpServerOptions().setIdleTimeout(400).setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    ChunkedReader browser = browser("datapoint", null);
    within(browser.untilChunks(1));
    int events = 30;
    java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
    vertx.setPeriodic(
        50,
        id -> { // 1.5 s of events, nearly four idle timeouts
          long next = seq.incrementAndGet();
          provider.opened(DATAPOINT).emit(next);
          if (next == events) {
            vertx.cancelTimer(id);
          }
        });
    within(
        browser.until(b -> b.text().contains("data: {\"seq\":\"" + events + "\"}") || b.ended()),
        5);

    assertThat(browser.ended()).as("the stream was closed as idle").isFalse();
    assertThat(browser.text().replace(": keep-alive\n\n", ""))
        .isEqualTo(FRESH + events(java.util.stream.LongStream.rangeClosed(1, events).toArray()));
  }

  @Test
  void theSweepWritesKeepAlivesAndEndsAStreamWhoseCredentialExpired() {
    serve(new SseConfig(50, 1000, 1 << 20, 10, 50), 10);
    ChunkedReader quiet = browser("datapoint", null);
    within(quiet.untilChunks(2));
    assertThat(quiet.chunks()).startsWith(FRESH, ": keep-alive\n\n");

    user = new StreamUser("user:demo", "demo", Instant.now());
    ChunkedReader expired = browser("datapoint", null);
    within(expired.untilEnded());

    List<String> chunks = expired.chunks();
    assertThat(chunks.get(0)).isEqualTo(FRESH);
    assertThat(chunks.get(chunks.size() - 1))
        .matches("retry: \\d+\n\nevent: expired\ndata: \\{\"reason\":\"credential_expired\"}\n\n");
    assertThat(quiet.ended()).isFalse();
  }

  // --- helpers ---

  private static String events(long... seqs) {
    StringBuilder out = new StringBuilder();
    for (long seq : seqs) {
      out.append("id: 1000:")
          .append(seq)
          .append("\nevent: datapoint\ndata: {\"seq\":\"")
          .append(seq)
          .append("\"}\n\n");
    }
    return out.toString();
  }

  private static void assertShutdown(String chunk) {
    Matcher m = SHUTDOWN.matcher(chunk);
    assertThat(m.matches()).as("shutdown chunk %s", chunk).isTrue();
    assertThat(Long.parseLong(m.group(1)))
        .isBetween(CONFIG.retryMillis(), 2 * CONFIG.retryMillis() - 1);
  }

  /** Every wait is bounded, so a broken group fails the test instead of hanging it. */
  private static <T> T within(Future<T> future) {
    return within(future, 5);
  }

  private static <T> T within(Future<T> future, int seconds) {
    try {
      return future.timeout(seconds, TimeUnit.SECONDS).await();
    } catch (RuntimeException e) {
      throw new AssertionError(
          "a wait failed: " + e, e); // this stack names the wait (e may have none)
    }
  }

  private static final StreamKey WIDE_DATAPOINT =
      new StreamKey("user:demo", "datapoint", Filter.any());
  private static final StreamKey WIDE_CONNECTIVITY =
      new StreamKey("user:demo", "connectivity", Filter.any());

  /** A browser of the wide streams asking for one device ({@code dsn} null: every device). */
  private ChunkedReader wideBrowser(String types, String dsn) {
    String query = "/events?wide&types=" + types + (dsn == null ? "" : "&dsn=" + dsn);
    return within(ChunkedReader.get(browsers, server.actualPort(), query, Map.of()));
  }

  private long offers() {
    Promise<Long> read = Promise.promise();
    group.context().runOnContext(v -> read.complete(group.offers()));
    return within(read.future());
  }

  @Test
  void anEventForOneDeviceIsOfferedOnlyToTheBrowsersThatMayWantIt() {
    serve(CONFIG, 60_000);
    List<ChunkedReader> ofOneDevice = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ofOneDevice.add(wideBrowser("datapoint", "DEV" + i));
    }
    ChunkedReader ofEveryDevice = wideBrowser("datapoint", null);
    ofOneDevice.forEach(b -> within(b.untilChunks(1)));
    within(ofEveryDevice.untilChunks(1));
    within(provider.opened(WIDE_DATAPOINT).emitFor("DEV0", 1)); // the loop's first: offered to all
    within(ofEveryDevice.untilChunks(2));

    long before = offers();
    within(provider.opened(WIDE_DATAPOINT).emitFor("DEV7", 2));
    within(ofOneDevice.get(7).untilChunks(2));
    within(ofEveryDevice.untilChunks(3));

    assertThat(offers() - before)
        .as("offered to DEV7's browser and the every-device one")
        .isEqualTo(2);
    assertThat(ofOneDevice.get(7).chunks().get(1)).startsWith("id: 1000:2\nevent: datapoint\n");
    assertThat(ofOneDevice.get(8).chunks()).containsExactly(FRESH);
  }

  @Test
  void seqsTheUpstreamSkippedReachEveryBrowserAsAGapBeforeTheNextEvent() {
    serve(CONFIG, 60_000);
    ChunkedReader ofItsDevice = wideBrowser("datapoint", "DEV1");
    ChunkedReader ofAnother = wideBrowser("datapoint", "DEV2");
    within(ofItsDevice.untilChunks(1));
    within(ofAnother.untilChunks(1));
    within(provider.opened(WIDE_DATAPOINT).emitFor("DEV1", 1, 2));
    within(ofItsDevice.untilChunks(2));

    within(provider.opened(WIDE_DATAPOINT).emitFor("DEV1", 5)); // 3 and 4 never came
    within(ofItsDevice.untilChunks(3));
    within(ofAnother.untilChunks(2));

    String gap =
        "id: 1000:4\nevent: gap\ndata: {\"subscription_type\":\"datapoint\",\"reason\":\"upstream_skipped\","
            + "\"from_seq\":3,\"to_seq\":4}\n\n";
    assertThat(ofItsDevice.chunks().get(2)).isEqualTo(gap + events(5));
    assertThat(ofAnother.chunks().get(1))
        .as("a browser of another device is told too")
        .isEqualTo(gap);
  }

  @Test
  void aBrowserSkippedByRoutingStillCarriesACursorPastTheEventsItDidNotWant() {
    serve(CONFIG, 60_000);
    ChunkedReader browser = wideBrowser("datapoint,connectivity", "DEV8");
    within(browser.untilChunks(1));
    within(provider.opened(WIDE_DATAPOINT).emitFor("DEV8", 1));
    within(browser.untilChunks(2));

    within(provider.opened(WIDE_DATAPOINT).emitFor("DEV1", 2, 3)); // not for it: never offered
    within(provider.opened(WIDE_CONNECTIVITY).emitFor("DEV8", 1));
    within(browser.untilChunks(3));

    // a resume from this id must not ask for datapoints 2 and 3 again, nor report them missing
    assertThat(browser.chunks().get(2)).startsWith("id: 1000:3,2000:1\nevent: connectivity\n");
  }

  static StreamEvent event(StreamKey key, long seq) {
    String property = key.eventType().equals("datapoint") ? "Blue_LED" : null;
    return new StreamEvent(
        seq, key.eventType(), "ledevb", DSN, property, Buffer.buffer("{\"seq\":\"" + seq + "\"}"));
  }

  static final class CountingObserver implements SseObserver {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    @Override
    public void connectionOpened() {
      opened.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
      closed.incrementAndGet();
    }
  }

  /** Opens every key at once on the hub's context, except the event types told to refuse or hold. */
  static final class ScriptedProvider implements UpstreamProvider {
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, Promise<Handle>> pending = new ConcurrentHashMap<>();
    private final Map<String, Opened> opened = new ConcurrentHashMap<>();
    private final Map<String, Promise<Void>> requested = new ConcurrentHashMap<>();
    private final Map<String, Promise<Boolean>> released = new ConcurrentHashMap<>();
    private final AtomicInteger opens = new AtomicInteger();

    void refuse(String eventType) {
      refused.add(eventType);
    }

    /** Opens of this type wait until {@link #release}. */
    void hold(String eventType) {
      held.add(eventType);
    }

    void release(StreamKey key) {
      Opened o = opened(key);
      o.context.runOnContext(v -> pending.remove(key.canonical()).complete(o));
    }

    Opened opened(StreamKey key) {
      return opened.get(key.canonical());
    }

    int opens() {
      return opens.get();
    }

    Future<Void> requested(StreamKey key) {
      return requested.computeIfAbsent(key.canonical(), k -> Promise.promise()).future();
    }

    /** Emits, in ONE task on the hub's context, the events given as key, seq, key, seq, ... */
    Future<Void> emitInOneTask(Object... keysAndSeqs) {
      Promise<Void> done = Promise.promise();
      opened((StreamKey) keysAndSeqs[0])
          .context
          .runOnContext(
              v -> {
                for (int i = 0; i < keysAndSeqs.length; i += 2) {
                  StreamKey key = (StreamKey) keysAndSeqs[i];
                  long seq = ((Number) keysAndSeqs[i + 1]).longValue();
                  opened(key).listener.onEvent(event(key, seq));
                }
                done.complete();
              });
      return done.future();
    }

    Future<Boolean> released(StreamKey key) {
      return released.computeIfAbsent(key.canonical(), k -> Promise.promise()).future();
    }

    @Override
    public Future<List<StreamKey>> start() {
      return Future.succeededFuture(List.of());
    }

    @Override
    public Future<Handle> open(StreamKey key, Listener listener) {
      if (refused.contains(key.eventType())) {
        return Future.failedFuture(
            new HttpError(
                422,
                "rejected_by_ayla",
                "Ayla refused this subscription",
                new JsonObject().put("ayla", new JsonObject().put("reason", "unknown model"))));
      }
      opens.incrementAndGet();
      Opened o = new Opened(Vertx.currentContext(), listener, key);
      opened.put(key.canonical(), o);
      listener.onSubscription(o.subscriptionId(), 0);
      requested.computeIfAbsent(key.canonical(), k -> Promise.promise()).tryComplete();
      if (held.contains(key.eventType())) {
        Promise<Handle> later = Promise.promise();
        pending.put(key.canonical(), later);
        return later.future();
      }
      return Future.succeededFuture(o);
    }

    @Override
    public Future<Void> close() {
      return Future.succeededFuture();
    }

    final class Opened implements Handle {
      private final Context context;
      private final Listener listener;
      private final StreamKey key;

      Opened(Context context, Listener listener, StreamKey key) {
        this.context = context;
        this.listener = listener;
        this.key = key;
      }

      /** Emits the events in ONE task on the hub's context. */
      /** Events of one device, in one task. */
      Future<Void> emitFor(String dsn, long... seqs) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(
            v -> {
              for (long seq : seqs) {
                StreamEvent e = event(key, seq);
                listener.onEvent(
                    new StreamEvent(
                        seq, e.eventType(), e.oemModel(), dsn, e.propertyName(), e.json()));
              }
              done.complete();
            });
        return done.future();
      }

      Future<Void> emit(long... seqs) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(
            v -> {
              for (long seq : seqs) {
                listener.onEvent(event(key, seq));
              }
              done.complete();
            });
        return done.future();
      }

      /** 1000 for the datapoint stream, 2000 for any other: the cursor names each. */
      @Override
      public long subscriptionId() {
        return key.eventType().equals("datapoint") ? 1000 : 2000;
      }

      @Override
      public JsonObject stats() {
        return new JsonObject();
      }

      @Override
      public Future<Void> release() {
        released.computeIfAbsent(key.canonical(), k -> Promise.promise()).tryComplete(true);
        return Future.succeededFuture();
      }
    }
  }
}
