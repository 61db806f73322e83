package io.dssgateway.history;

import io.dssgateway.common.OwnerOnly;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Collected events as JSON lines, like Ayla's DSS Collector sample but without its losses: one file
 * per subscription and event type ({@code <subscription>-<type>.jsonl}, each line the event JSON as
 * received), rotated by size (the full file is renamed with a UTC timestamp and a counter), and forced to disk
 * once per batch. Idempotent like the database: each file knows the last seq it holds (read back
 * from its tail after a restart; a torn last line is cut off), so an event written again is skipped.
 * All file IO runs on a worker thread (ordered), never on an event loop.
 */
final class JsonLinesFiles {

  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*\"?(\\d+)");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'");
  private static final int TAIL_BYTES = 1 << 20;
  private static final byte[] NEWLINE = {'\n'};

  private final Vertx vertx;
  private final Path dir;
  private final long maxBytes;
  private final Map<String, OpenFile> files = new HashMap<>(); // touched on the worker only
  private long rotations;

  private static final class OpenFile {
    FileChannel channel;
    long size;
    long lastSeq;
  }

  JsonLinesFiles(Vertx vertx, Path dir, long maxBytes) {
    this.vertx = vertx;
    this.dir = dir;
    this.maxBytes = Math.max(1024, maxBytes);
  }

  /** Appends the batch's events not written yet, then forces every file it touched to disk. */
  Future<Void> write(List<ArchivedEvent> batch) {
    return vertx.executeBlocking(
        () -> {
          Set<OpenFile> touched = new LinkedHashSet<>();
          for (ArchivedEvent a : batch) {
            OpenFile f = file(a.subscriptionId() + "-" + a.event().eventType());
            if (a.seq() <= f.lastSeq) {
              continue;
            }
            byte[] json =
                a.event().json().getBytes(); // the event as received, no decode and re-encode
            f.channel.write(new ByteBuffer[] {ByteBuffer.wrap(json), ByteBuffer.wrap(NEWLINE)});
            f.size += json.length + NEWLINE.length;
            f.lastSeq = a.seq();
            touched.add(f);
          }
          for (OpenFile f : touched) {
            f.channel.force(false);
          }
          rotateFull(touched);
          return null;
        });
  }

  Future<Void> close() {
    return vertx.executeBlocking(
        () -> {
          for (OpenFile f : files.values()) {
            f.channel.close();
          }
          files.clear();
          return null;
        });
  }

  private void rotateFull(Set<OpenFile> touched) throws IOException {
    for (Map.Entry<String, OpenFile> e : files.entrySet()) {
      OpenFile f = e.getValue();
      if (touched.contains(f) && f.size >= maxBytes) {
        f.channel.close();
        // a counter after the time: two rotations in one millisecond get distinct names, still in
        // order
        String stamp =
            ZonedDateTime.now(ZoneOffset.UTC).format(STAMP)
                + "-"
                + String.format("%06d", ++rotations);
        Files.move(
            dir.resolve(e.getKey() + ".jsonl"), dir.resolve(e.getKey() + "." + stamp + ".jsonl"));
        f.channel = OwnerOnly.append(dir.resolve(e.getKey() + ".jsonl"));
        f.size = 0; // lastSeq stays: the rotated file holds it
      }
    }
  }

  private OpenFile file(String name) throws IOException {
    OpenFile f = files.get(name);
    if (f != null) {
      return f;
    }
    OwnerOnly.directories(dir);
    Path current = dir.resolve(name + ".jsonl");
    f = new OpenFile();
    f.lastSeq = Files.exists(current) ? repairAndReadLastSeq(current) : 0;
    if (f.lastSeq == 0) {
      f.lastSeq = newestRotated(name).map(JsonLinesFiles::lastSeqOf).orElse(0L);
    }
    f.channel = OwnerOnly.append(current);
    f.size = f.channel.size();
    files.put(name, f);
    return f;
  }

  private java.util.Optional<Path> newestRotated(String name) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing
          .filter(
              p -> {
                String n = p.getFileName().toString();
                return n.startsWith(name + ".")
                    && n.endsWith(".jsonl")
                    && !n.equals(name + ".jsonl");
              })
          .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
    }
  }

  /** Cuts a torn last line (a crash mid-write) and answers the seq of the last whole line, 0 if none. */
  private static long repairAndReadLastSeq(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      byte[] tail = tail(ch, size);
      int end = lastNewline(tail);
      long whole = size - (tail.length - (end + 1));
      if (whole < size) {
        ch.truncate(whole);
      }
      return end < 0 ? 0 : seqOfLastLine(new String(tail, 0, end, StandardCharsets.UTF_8));
    }
  }

  private static long lastSeqOf(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] tail = tail(ch, ch.size());
      int end = lastNewline(tail);
      return end < 0 ? 0 : seqOfLastLine(new String(tail, 0, end, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] tail(FileChannel ch, long size) throws IOException {
    int n = (int) Math.min(size, TAIL_BYTES);
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining() && ch.read(buf, size - n + buf.position()) > 0) {
      // read until the buffer is full
    }
    return java.util.Arrays.copyOf(buf.array(), buf.position());
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static long seqOfLastLine(String text) {
    String line = text.substring(text.lastIndexOf('\n') + 1);
    Matcher m = SEQ.matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
