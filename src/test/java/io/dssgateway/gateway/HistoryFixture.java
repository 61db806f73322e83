package io.dssgateway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reading history back in the history tests: through {@code GET /api/history}, and from the JSON-lines files. */
final class HistoryFixture {

  private HistoryFixture() {}

  /** Every page of a history query (limit 1000), oldest first. */
  static List<JsonObject> readAll(TestGateway gw, String token, String query) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<Buffer> r =
          gw.get(
              "/api/history?" + query + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor),
              token);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      JsonObject page = r.bodyAsJsonObject();
      page.getJsonArray("events").forEach(e -> out.add((JsonObject) e));
      cursor = page.getString("next");
    } while (cursor != null);
    return out;
  }

  static List<Long> seqs(List<JsonObject> events) {
    return events.stream().map(e -> Long.parseLong(String.valueOf(e.getValue("seq")))).toList();
  }

  static List<Object> values(List<JsonObject> events) {
    return events.stream().map(e -> e.getJsonObject("datapoint").getValue("value")).toList();
  }

  /** The events in the JSON-lines files of one type, rotated files first (their names sort before the current one's). */
  static List<JsonObject> fileEvents(Path dir, String type) {
    List<JsonObject> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files
              .filter(p -> p.getFileName().toString().contains("-" + type + "."))
              .sorted()
              .toList()) {
        for (String line : Files.readAllLines(f)) {
          out.add(new JsonObject(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static long fileCount(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Waits until the collected stream is live (it shows in the scope's {@code /api/streams} as collected). */
  static void awaitCollecting(TestGateway gw, String token) {
    Eventually.until(
        "collected stream live",
        Duration.ofSeconds(20),
        () -> {
          JsonArray streams = gw.streams(token);
          return streams.stream()
              .map(JsonObject.class::cast)
              .anyMatch(
                  s -> s.getBoolean("collected", false) && "live".equals(s.getString("state")));
        });
  }

  /** A counter's value in the Prometheus text of {@code /metrics} (0 when absent). */
  static double metric(TestGateway gw, String name) {
    String text = gw.get("/metrics", null).bodyAsString();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }
}
