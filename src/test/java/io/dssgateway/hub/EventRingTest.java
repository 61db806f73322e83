package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.sse.SseEventFormat;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The packed replay ring against a plain list doing the same by the book (the oldest go first past
 * the count or the byte bound, the newest stays): random event sizes, wraps of the byte ring, growth,
 * trims and clears, and every event rebuilt exactly as it was published.
 */
class EventRingTest {

  private final SseEventFormat format = new SseEventFormat();

  private HubEvent publish(long subscription, StreamEvent e, long nanos) {
    String cursor = Cursor.format(new long[] {subscription}, new long[] {e.seq()});
    return new HubEvent(subscription, e, format.position(cursor), format.body(e), nanos);
  }

  private EventRing ring(int capacity, long maxBytes) {
    return new EventRing(capacity, maxBytes, ReplayBudget.unbounded(), this::publish);
  }

  private static StreamEvent event(long seq, Random random) {
    String value = "x".repeat(random.nextInt(random.nextInt(10) == 0 ? 3000 : 80));
    String dsn = random.nextInt(5) == 0 ? null : "AC00" + random.nextInt(100) + "é€";
    String property = random.nextInt(3) == 0 ? null : "p" + random.nextInt(7);
    Buffer json = Buffer.buffer("{\"seq\":\"" + seq + "\",\"value\":\"" + value + "\"}");
    return new StreamEvent(
        seq, "datapoint", random.nextBoolean() ? "m" : null, dsn, property, json);
  }

  private static long cost(StreamEvent e) {
    return EventRing.SLOT_BYTES
        + e.json().length()
        + utf8(e.eventType())
        + utf8(e.oemModel())
        + utf8(e.dsn())
        + utf8(e.propertyName());
  }

  private static int utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void keepsWhatAPlainListWouldAndRebuildsEveryEventAsPublished() {
    Random random = new Random(42);
    for (int round = 0; round < 40; round++) {
      int capacity = 1 + random.nextInt(300);
      long maxBytes = 2_000 + random.nextInt(60_000);
      EventRing ring = ring(capacity, maxBytes);
      Deque<HubEvent> model = new ArrayDeque<>();
      long modelBytes = 0;
      long seq = 0;
      for (int step = 0; step < 2_000; step++) {
        int action = random.nextInt(100);
        if (action < 90) {
          seq += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0);
          HubEvent published = publish(9, event(seq, random), seq * 1000);
          ring.add(published);
          model.addLast(published);
          modelBytes += cost(published.event());
          while (model.size() > 1 && (model.size() > capacity || modelBytes > maxBytes)) {
            modelBytes -= cost(model.removeFirst().event());
          }
        } else if (action < 95) {
          long level = random.nextInt((int) maxBytes);
          ring.trimTo(level);
          while (model.size() > 1 && modelBytes > level) {
            modelBytes -= cost(model.removeFirst().event());
          }
        } else if (action < 96) {
          ring.clear();
          model.clear();
          modelBytes = 0;
        } else {
          ring.add(model.isEmpty() ? publish(9, event(seq, random), 0) : model.getLast());
          if (model.isEmpty()) {
            model.addLast(ring.last(1).get(0));
            modelBytes += cost(model.getLast().event());
          }
        }
        assertThat(ring.size()).isEqualTo(model.size());
        assertThat(ring.bytes()).isEqualTo(modelBytes);
        if (step % 50 == 0 && !model.isEmpty()) {
          long from = model.getFirst().seq() - 2 + random.nextInt(model.size() + 2);
          Replay replay = ring.after(from);
          List<HubEvent> expected = new ArrayList<>();
          model.forEach(
              e -> {
                if (e.seq() > from) {
                  expected.add(e);
                }
              });
          assertThat(replay.gap()).isEqualTo(model.getFirst().seq() > from + 1);
          assertSame(replay.events(), expected);
        }
      }
    }
  }

  private static void assertSame(List<HubEvent> actual, List<HubEvent> expected) {
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < actual.size(); i++) {
      HubEvent a = actual.get(i);
      HubEvent e = expected.get(i);
      assertThat(a.seq()).isEqualTo(e.seq());
      assertThat(a.subscriptionId()).isEqualTo(e.subscriptionId());
      assertThat(a.receivedNanos()).isEqualTo(e.receivedNanos());
      assertThat(a.event().eventType()).isEqualTo(e.event().eventType());
      assertThat(a.event().oemModel()).isEqualTo(e.event().oemModel());
      assertThat(a.event().dsn()).isEqualTo(e.event().dsn());
      assertThat(a.event().propertyName()).isEqualTo(e.event().propertyName());
      assertThat(a.event().json()).isEqualTo(e.event().json());
      assertThat(a.position()).isEqualTo(e.position());
      assertThat(a.body()).isEqualTo(e.body());
    }
  }

  @Test
  void eachEventIsDecodedAsTheUpstreamGaveIt() {
    EventRing ring = ring(100, 1 << 20);
    Random random = new Random(4);
    List<StreamEvent> given = new ArrayList<>();
    for (long seq = 1; seq <= 30; seq++) {
      StreamEvent e = event(seq, random);
      given.add(e);
      ring.add(publish(5, e, seq));
    }
    List<StreamEvent> decoded = new ArrayList<>();
    ring.forEachEvent(decoded::add);
    assertThat(decoded).containsExactlyElementsOf(given);
  }

  @Test
  void aCrowdResumingFromOneCursorSharesTheEventsRebuiltUpToTheirBound() {
    EventRing ring = ring(10_000, 4 << 20); // keeps at most 512 KiB of rebuilt events
    Random random = new Random(5);
    for (long seq = 1; seq <= 5_000; seq++) {
      ring.add(publish(2, event(seq, random), seq));
    }
    List<HubEvent> first = ring.after(4_900).events();
    List<HubEvent> second = ring.after(4_900).events();
    assertThat(second).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(second.get(i)).as("event %d shared", i).isSameAs(first.get(i));
    }
    ring.after(0); // every event rebuilt: only the first up to the bound are kept
    assertThat(ring.keptRebuiltBytes()).isPositive().isLessThanOrEqualTo(512 * 1024);
    for (long seq = 5_001; seq <= 15_000; seq++) {
      ring.add(publish(2, event(seq, random), seq));
    }
    assertThat(ring.keptRebuiltBytes()).as("let go with their entries").isZero();
  }

  @Test
  void theNewestStaysEvenAloneOverTheByteBound() {
    EventRing ring = ring(10, 16);
    Random random = new Random(2);
    ring.add(publish(1, event(1, random), 1));
    ring.add(publish(1, event(2, random), 2));
    assertThat(ring.size()).isEqualTo(1);
    assertThat(ring.oldestSeq()).isEqualTo(2);
    assertThat(ring.after(0).gap()).isTrue();
  }

  @Test
  void aRingAtItsBoundsAllocatesNothingPerEvent() {
    EventRing ring = ring(1_000, 1 << 20);
    List<HubEvent> events = new ArrayList<>();
    for (long seq = 1; seq <= 20_000; seq++) {
      events.add(publish(1, event(seq, new Random(seq)), seq));
    }
    for (int i = 0; i < 10_000; i++) {
      ring.add(events.get(i));
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 10_000; i < 20_000; i++) {
      ring.add(events.get(i));
    }
    long perEvent = (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
    // the UTF-8 copies of its four strings, nothing that outlives the call
    assertThat(perEvent).as("bytes allocated per event").isLessThan(200);
    assertThat(ring.size()).isEqualTo(1_000);
  }
}
