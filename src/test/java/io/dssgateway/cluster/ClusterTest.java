package io.dssgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three gateway processes clustered on loopback, one simulator: one upstream per stream in the
 * whole cluster, events on every replica, and no loss when the holder is killed or every replica
 * restarts in turn.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterTest {

  private static final String LED = "AC000W000340649";
  private static final String LINUX = "AC000W000340650";
  private static final String FREEZER = "VD0bbb112e0000011";

  private static ClusterHarness cluster;
  private HttpClient http;
  private final List<SeqReader> readers = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ClusterHarness(3, Map.of());
    cluster.startAll();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @BeforeEach
  void everyReplicaUpAndNoSubscriptionLeft() throws Exception {
    cluster.startAll();
    Eventually.until(
        "the streams of earlier tests retired",
        Duration.ofSeconds(30),
        () -> cluster.simStats().getInteger("subscriptions") == 0);
    http =
        cluster.vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(false), new PoolOptions().setHttp1MaxSize(2000));
  }

  @AfterEach
  void closeReaders() {
    readers.forEach(SeqReader::close);
    readers.clear();
    http.close().await();
  }

  @Test
  void browsersOfThreeDevicesOnEveryReplicaShareOnePlannedUpstreamEvenWhenAllConnectAtOnce() {
    List<String> filters =
        List.of(
            "/events?subscription_type=datapoint&dsn=" + LED,
            "/events?subscription_type=datapoint&dsn=" + LINUX,
            "/events?subscription_type=datapoint&dsn=" + FREEZER);
    List<Future<SeqReader>> opening = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ClusterHarness.Replica r = cluster.replica(i % 3);
      opening.add(reader(filters.get(i / 3 % 3), r).open());
    }
    Future.all(opening).await();

    JsonObject stats = cluster.simStats();
    // planned wide: one for the event type over the user's devices, whatever each browser's device
    assertThat(stats.getInteger("subscriptions")).as("Ayla subscriptions").isEqualTo(1);
    assertThat(stats.getInteger("open_sockets")).as("DSS sockets").isEqualTo(1);

    cluster.publish(LED, "Blue_LED", List.of(1));
    cluster.publish(LINUX, "Blue_LED", List.of(1));
    cluster.publish(FREEZER, "max_temp", List.of(1));
    Eventually.until(
        "every browser has its filter's event",
        Duration.ofSeconds(30),
        () -> readers.stream().allMatch(r -> r.count() == 1));
  }

  /**
   * Every replica's browsers get their snapshot and hear of the holder's socket dropping; after the
   * holder dies, a snapshot on a survivor has the value set since, not a stale one.
   */
  @Test
  void snapshotsAndUpstreamHealthReachEveryReplicaAndASnapshotAfterAFailoverIsCurrent()
      throws Exception {
    String path = "/events?subscription_type=datapoint&dsn=" + LED + "&snapshot=true";
    cluster.publish(LED, "Blue_button", List.of(17));
    List<StreamText> pages = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      pages.add(StreamText.open(http, cluster.replica(i), path));
    }
    Eventually.until(
        "a snapshot with the value set before on every replica",
        Duration.ofSeconds(30),
        () ->
            pages.stream().allMatch(p -> p.has("event: snapshot", "\"Blue_button\":{\"value\":17")),
        () -> pages);

    cluster.dropUpstreamSockets();
    Eventually.until(
        "every replica's browser told the upstream dropped and is live again",
        Duration.ofSeconds(30),
        () ->
            pages.stream()
                .allMatch(
                    p ->
                        p.has(
                            "event: upstream", "\"state\":\"reconnecting\"", "\"state\":\"live\"")),
        () -> pages);

    ClusterHarness.Replica holder = holderOf(path);
    long killedAt = System.nanoTime();
    cluster.kill(holder);
    awaitNewHolder(holder, killedAt);
    cluster.publish(LED, "Blue_button", List.of(19));
    ClusterHarness.Replica survivor =
        holder == cluster.replica(0) ? cluster.replica(1) : cluster.replica(0);
    // its snapshot has the value, or (the new holder still catching up) the live event after it
    StreamText fresh = StreamText.open(http, survivor, path);
    Eventually.until(
        "a snapshot on a survivor, then the value set after the failover",
        Duration.ofSeconds(30),
        () -> fresh.has("event: snapshot", "\"value\":19"),
        () -> fresh);
    String text = fresh.toString();
    assertThat(text.indexOf("event: snapshot")).isLessThan(text.indexOf("\"value\":19"));
    assertThat(text).doesNotContain("event: gap");
  }

  @Test
  void killingTheHolderMidBurstLosesNothingAndDuplicatesNothing() throws Exception {
    String path = "/events?subscription_type=datapoint&dsn=" + LED + "&property_name=Green_LED";
    for (int i = 0; i < 30; i++) {
      AtomicInteger turn = new AtomicInteger(i % 3);
      readers.add(new SeqReader(cluster.vertx, http, path, () -> nextAlive(turn)));
    }
    Future.all(readers.stream().map(SeqReader::open).toList()).await();
    ClusterHarness.Replica holder = holderOf(path);

    int total = 5000;
    int sent = 0;
    long killedAt = 0;
    while (sent < total) {
      cluster.publish(LED, "Green_LED", IntStream.range(sent, sent + 250).boxed().toList());
      sent += 250;
      if (sent == 1500) {
        killedAt = System.nanoTime();
        cluster.kill(holder);
      }
    }
    long firstTakeover = awaitNewHolder(holder, killedAt);

    Eventually.until(
        "every browser has all " + total + " events",
        Duration.ofSeconds(90),
        () -> readers.stream().allMatch(r -> r.lastSeq() >= total),
        () -> readers);
    for (SeqReader r : readers) {
      assertThat(r.violations()).as("out-of-order or duplicate: %s", r.problems()).isZero();
      assertThat(r.gaps()).as("gaps: %s", r.problems()).isZero();
      assertThat(r.count()).as("events received").isEqualTo(total);
    }
    assertThat(readers.stream().filter(r -> r.reconnects() > 0).count())
        .as("browsers moved off the dead replica")
        .isEqualTo(10);
    assertThat(cluster.simStats().getInteger("open_sockets")).isEqualTo(1);
    System.out.printf(
        "cluster failover: new holder %d ms after kill -9 (cluster.failure-timeout-ms 3000)%n",
        TimeUnit.NANOSECONDS.toMillis(firstTakeover - killedAt));
  }

  @Test
  void aRollingRestartUnderASteadyGeneratorLosesNothingAndLeaksNoSubscription() throws Exception {
    // every device of the user, so each seq of the planned stream is one the browser wants
    String path = "/events?subscription_type=datapoint&dsn=" + LED + "," + LINUX + "," + FREEZER;
    for (int i = 0; i < 9; i++) {
      AtomicInteger turn = new AtomicInteger(i % 3);
      readers.add(new SeqReader(cluster.vertx, http, path, () -> nextAlive(turn)));
    }
    Future.all(readers.stream().map(SeqReader::open).toList()).await();
    cluster.generator(40);
    try {
      for (int i = 0; i < cluster.size(); i++) {
        ClusterHarness.Replica r = cluster.replica(i);
        cluster.terminate(r);
        cluster.start(r);
        cluster.awaitMembers(cluster.size());
      }
    } finally {
      cluster.generator(0);
    }
    long last = readers.stream().mapToLong(SeqReader::lastSeq).max().orElseThrow();
    Eventually.until(
        "every browser caught up to seq " + last,
        Duration.ofSeconds(60),
        () -> readers.stream().allMatch(r -> r.lastSeq() >= last),
        () -> readers);
    for (SeqReader r : readers) {
      assertThat(r.violations()).as("out-of-order or duplicate: %s", r.problems()).isZero();
      assertThat(r.gaps()).as("gaps: %s", r.problems()).isZero();
      assertThat(r.count())
          .as("every seq from its first: %s", r)
          .isEqualTo(r.lastSeq() - r.firstSeq() + 1);
    }
    assertThat(readers).allMatch(r -> r.reconnects() >= 1);
    assertThat(cluster.simStats().getInteger("subscriptions"))
        .as("only the one in use")
        .isEqualTo(subscriptionsInUse());

    readers.forEach(SeqReader::close);
    Eventually.until(
        "subscriptions deleted once nobody reads them",
        Duration.ofSeconds(30),
        () -> cluster.simStats().getInteger("subscriptions") == subscriptionsInUse());
  }

  @Test
  void theSubscriptionStaysWhileAnotherReplicaStillReadsIt() throws Exception {
    String path = "/events?subscription_type=datapoint&dsn=" + LINUX + "&property_name=Green_LED";
    ClusterHarness.Replica a = cluster.replica(0);
    ClusterHarness.Replica b = cluster.replica(1);
    SeqReader onA = reader(path, a).open().await();
    SeqReader onB = reader(path, b).open().await();
    int before = cluster.simStats().getInteger("subscriptions");

    onA.close();
    Eventually.until(
        "replica A no longer reads it",
        Duration.ofSeconds(10),
        () ->
            cluster.streams(a).stream()
                    .noneMatch(
                        s ->
                            ((JsonObject) s).getString("key").endsWith("p=Green_LED")
                                && ((JsonObject) s).getString("key").contains(LINUX)
                                && ((JsonObject) s).getInteger("browsers") > 0)
                && cluster.streams(a).stream()
                    .map(s -> ((JsonObject) s).getString("key"))
                    .noneMatch(k -> k.contains(LINUX)));
    cluster.publish(LINUX, "Green_LED", List.of(1, 0, 1));

    Eventually.until("B still gets events", Duration.ofSeconds(20), () -> onB.count() == 3);
    assertThat(cluster.simStats().getInteger("subscriptions")).isEqualTo(before);

    onB.close();
    Eventually.until(
        "deleted once nobody reads it",
        Duration.ofSeconds(20),
        () -> cluster.simStats().getInteger("subscriptions") == before - 1);
  }

  private SeqReader reader(String path, ClusterHarness.Replica r) {
    SeqReader reader =
        new SeqReader(cluster.vertx, http, path, () -> new SeqReader.Target(r.httpPort, r.token));
    readers.add(reader);
    return reader;
  }

  /** The replica at {@code turn}, or the next live one; each (re)connect moves on, as a load balancer would. */
  private SeqReader.Target nextAlive(AtomicInteger turn) {
    for (int i = 0; i < cluster.size(); i++) {
      ClusterHarness.Replica r =
          cluster.replica(Math.floorMod(turn.getAndIncrement(), cluster.size()));
      if (r.alive() && r.token != null) {
        return new SeqReader.Target(r.httpPort, r.token);
      }
    }
    return new SeqReader.Target(cluster.replica(0).httpPort, cluster.replica(0).token);
  }

  private ClusterHarness.Replica holderOf(String path) {
    String dsn = path.substring(path.indexOf("dsn=") + 4).split("&")[0];
    for (int i = 0; i < cluster.size(); i++) {
      ClusterHarness.Replica r = cluster.replica(i);
      for (Object s : cluster.streams(r)) {
        JsonObject stream = (JsonObject) s;
        if (stream.getString("key").contains(dsn)
            && stream.getJsonObject("upstream").getBoolean("held_here", false)) {
          return r;
        }
      }
    }
    throw new AssertionError("no replica holds " + path);
  }

  private long awaitNewHolder(ClusterHarness.Replica dead, long since) {
    long[] at = new long[1];
    Eventually.until(
        "a survivor holds the stream",
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < cluster.size(); i++) {
            ClusterHarness.Replica r = cluster.replica(i);
            if (r != dead && r.alive()) {
              JsonArray streams = cluster.streams(r);
              for (Object s : streams) {
                if (((JsonObject) s).getJsonObject("upstream").getBoolean("held_here", false)) {
                  at[0] = System.nanoTime();
                  return true;
                }
              }
            }
          }
          return false;
        });
    return at[0];
  }

  private int subscriptionsInUse() {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (int i = 0; i < cluster.size(); i++) {
      ClusterHarness.Replica r = cluster.replica(i);
      if (r.alive()) {
        cluster
            .streams(r)
            .forEach(
                s -> {
                  JsonObject stream = (JsonObject) s;
                  if (stream.getInteger("browsers") > 0) {
                    keys.add(stream.getString("key"));
                  }
                });
      }
    }
    return keys.size();
  }
}
