package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.sse.SseEventFormat;
import io.dssgateway.upstream.DssEvent;
import io.dssgateway.upstream.DssFrameCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * The replay bound counts what its events really cost on the heap: events decoded and encoded as
 * the gateway does (DSS frame → SSE id line and body) are kept up to the bound, and the heap the
 * ring then takes, measured after full collections, is within a quarter of what it counts.
 */
class ReplayHeapTest {

  private static final long BOUND = 64L * 1024 * 1024;

  /** Filled to its bound, then after a resume from its oldest event (whose rebuilt events are garbage once written). */
  @Test
  void aBufferFilledToItsBoundTakesAboutThatMuchHeapAndAResumeLeavesNothingBehind() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    SseEventFormat format = new SseEventFormat();
    EventRing buffer =
        new EventRing(
            200_000,
            BOUND,
            ReplayBudget.unbounded(),
            (id, event, nanos) -> // as a hub stream rebuilds them
            new HubEvent(
                    id,
                    event,
                    format.position(Cursor.format(new long[] {id}, new long[] {event.seq()})),
                    format.body(event),
                    nanos));
    long before = settledHeap(memory);
    long seq = 0;
    while (buffer.bytes() < BOUND - 4096) {
      seq++;
      buffer.add(encode(format, seq));
    }
    long filled = settledHeap(memory) - before;
    long counted = buffer.bytes();
    assertThat(buffer.size()).isGreaterThan(10_000);
    assertThat((double) filled / counted)
        .as(
            "heap measured %d bytes for %d events the buffer counts as %d",
            filled, buffer.size(), counted)
        .isBetween(0.75, 1.25);

    assertThat(buffer.after(0).events()).hasSize(buffer.size());
    long resumed = settledHeap(memory) - before;
    assertThat(buffer.bytes()).isEqualTo(counted);
    assertThat((double) resumed / counted)
        .as("heap measured %d bytes after a resume rebuilt every event", resumed)
        .isBetween(0.75, 1.25);
  }

  private static HubEvent encode(SseEventFormat format, long seq) {
    String json =
        "{\"seq\":\""
            + seq
            + "\",\"metadata\":{\"oem_id\":\"0dfc7900\",\"oem_model\":\"ledevb\",\"dsn\":\"AC000W0003"
            + (40000 + seq % 1000)
            + "\",\"resource_tags\":[],\"property_name\":\"Blue_LED\",\"event_type\":\"datapoint\"},"
            + "\"datapoint\":{\"updated_at\":\"2026-12-06T07:00:00Z\",\"created_at\":\"2026-12-06T07:00:00Z\",\"echo\":false,"
            + "\"value\":"
            + seq
            + ",\"metadata\":{}}}";
    DssEvent e = (DssEvent) DssFrameCodec.decode(json.length() + "|" + json);
    StreamEvent event =
        new StreamEvent(e.seq(), e.eventType(), e.oemModel(), e.dsn(), e.propertyName(), e.json());
    String cursor = Cursor.format(new long[] {1_000_000}, new long[] {seq});
    return new HubEvent(
        1_000_000, event, format.position(cursor), format.body(event), System.nanoTime());
  }

  /** Heap in use once collections no longer free anything (three in a row within 1 MiB). */
  private static long settledHeap(MemoryMXBean memory) {
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(last - used) < 1024 * 1024) {
        return used;
      }
      last = used;
    }
    return last;
  }
}
