package io.dssgateway.history;

import io.dssgateway.hub.StreamEvent;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second sustained into the history database through the gateway's own writer (batches,
 * one transaction each, idempotent inserts, progress row), with realistic datapoint events (~620 B).
 * Not a test; run from the repository root (docs/history.md, "Sizing"):
 * {@code java -cp "target/test-classes:target/classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
 * io.dssgateway.history.HistoryBenchmark <database-url> [events] [batch-events]} with the PostgreSQL password,
 * if any, in {@code DSS_HISTORY_DATABASE_PASSWORD}. The producer keeps the queue full (it offers again
 * after each stored batch), so the rate is the database's, not the producer's.
 */
public final class HistoryBenchmark {

  private HistoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    String url = args.length > 0 ? args[0] : "mem";
    int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    HistoryConfig config =
        new HistoryConfig(
            url,
            System.getenv("DSS_HISTORY_DATABASE_PASSWORD"),
            null,
            0,
            batch,
            32L << 20,
            1000,
            50_000);
    Vertx vertx = Vertx.vertx();
    HistoryStore store = HistoryDatabase.open(vertx, config);
    store.init().await(30, TimeUnit.SECONDS);
    long subscription =
        System
            .currentTimeMillis(); // a fresh identity per run: nothing is skipped as stored already
    HistoryWriter writer = new HistoryWriter(vertx, store, null, config, HistoryObserver.NONE);
    Promise<Long> done = Promise.promise();
    long[] offered = {0};
    long[] stored = {0};
    long started = System.nanoTime();
    vertx.runOnContext(
        v -> {
          writer.onStored(
              b -> {
                stored[0] += b.size();
                if (stored[0] == events) {
                  done.complete(System.nanoTime() - started);
                } else {
                  produce(writer, offered, events, subscription);
                }
              });
          produce(writer, offered, events, subscription);
        });
    long nanos = done.future().await(30, TimeUnit.MINUTES);
    double seconds = nanos / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s: %,d events in %.1f s = %,.0f rows/s (batches of %d)%n",
        HistoryDatabase.describe(config),
        events,
        seconds,
        events / seconds,
        batch);
    store.close().await();
    vertx.close().await();
  }

  private static void produce(HistoryWriter writer, long[] offered, int events, long subscription) {
    for (int n = 0;
        n < 2000 && offered[0] < events;
        n++) { // the rest after a stored batch: the loop stays free
      long seq = offered[0] + 1;
      if (!writer.offer(ArchivedEvent.of("bench", subscription, event(seq)))) {
        return;
      }
      offered[0]++;
    }
  }

  private static StreamEvent event(long seq) {
    String dsn = "AC000W0003406" + (40 + seq % 10);
    String now = Instant.now().toString();
    String json =
        "{\"seq\":\""
            + seq
            + "\",\"metadata\":{\"oem_id\":\"0dfc7900\",\"oem_model\":\"ledevb\",\"dsn\":\""
            + dsn
            + "\",\"resource_tags\":[],\"event_type\":\"datapoint\",\"property_name\":\"Blue_button\",\"display_name\":\"Blue Button\","
            + "\"base_type\":\"boolean\"},\"datapoint\":{\"id\":\""
            + java.util.UUID.randomUUID()
            + "\",\"created_at_from_device\":\""
            + now
            + "\",\"updated_at\":\""
            + now
            + "\",\"created_at\":\""
            + now
            + "\",\"user_uuid\":\"675801a8-52b1-3e4b-a5c5-2adc5d1e9066\","
            + "\"echo\":false,\"closed\":false,\"value\":"
            + (seq % 2)
            + ",\"metadata\":{}}}";
    return new StreamEvent(seq, "datapoint", "ledevb", dsn, "Blue_button", Buffer.buffer(json));
  }
}
