package io.dssgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collections in the gateway's GC log since a mark, leaving out the ones the benchmark forces
 * through {@code jcmd} ({@code Diagnostic Command}): how many, their total and the longest pause.
 */
record GcPauses(int count, double totalMillis, double maxMillis) {

  private static final Pattern PAUSE = Pattern.compile("Pause.* ([0-9.]+)ms$");

  /** The number of lines in the log now. */
  static int mark(Path log) throws IOException {
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  static GcPauses since(Path log, int mark) throws IOException {
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    int count = 0;
    double total = 0;
    double max = 0;
    for (String line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
      Matcher m = PAUSE.matcher(line);
      if (m.find() && !line.contains("Diagnostic Command")) {
        double ms = Double.parseDouble(m.group(1));
        count++;
        total += ms;
        max = Math.max(max, ms);
      }
    }
    return new GcPauses(count, total, max);
  }
}
