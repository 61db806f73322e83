package io.dssgateway.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.StreamEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-lines files: one per subscription and type, each event once (also after a restart and a torn last line), rotated by size. */
class JsonLinesFilesTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir Path dir;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static ArchivedEvent event(long seq) {
    String json =
        "{\"seq\":\""
            + seq
            + "\",\"metadata\":{\"dsn\":\"D\"},\"datapoint\":{\"value\":"
            + seq
            + "}}";
    return ArchivedEvent.of(
        "k", 7, new StreamEvent(seq, "datapoint", "m", "D", "p", Buffer.buffer(json)));
  }

  private static List<ArchivedEvent> events(long from, long to) {
    List<ArchivedEvent> out = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      out.add(event(s));
    }
    return out;
  }

  private List<Long> seqsOnDisk() throws Exception {
    List<Long> seqs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          seqs.add(Long.parseLong(line.replaceAll("^\\{\"seq\":\"(\\d+)\".*", "$1")));
        }
      }
    }
    return seqs;
  }

  @Test
  void aBatchWrittenAgainAndARestartWithATornLineKeepEachEventOnce() throws Exception {
    JsonLinesFiles files = new JsonLinesFiles(vertx, dir, 1 << 20);
    files.write(events(1, 10)).await();
    files
        .write(events(5, 12))
        .await(); // a batch written again after a failure: 5..10 are there already
    files.close().await();
    Files.writeString(
        dir.resolve("7-datapoint.jsonl"),
        "{\"seq\":\"13\",\"meta",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    JsonLinesFiles restarted = new JsonLinesFiles(vertx, dir, 1 << 20);
    restarted.write(events(11, 15)).await();
    restarted.close().await();
    assertThat(seqsOnDisk())
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 15).boxed().toList());
  }

  @Test
  void aFullFileIsRotatedAndTheNextOneContinuesAfterIt() throws Exception {
    JsonLinesFiles files = new JsonLinesFiles(vertx, dir, 1024);
    for (long s = 1; s <= 100; s += 10) {
      files.write(events(s, s + 9)).await();
    }
    files.close().await();
    JsonLinesFiles restarted = new JsonLinesFiles(vertx, dir, 1024);
    restarted.write(events(95, 110)).await();
    restarted.close().await();
    try (Stream<Path> listing = Files.list(dir)) {
      assertThat(listing.count()).isGreaterThan(2);
    }
    assertThat(seqsOnDisk())
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 110).boxed().toList());
  }
}
