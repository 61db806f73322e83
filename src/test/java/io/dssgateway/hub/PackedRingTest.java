package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The packed ring as a cluster holder uses it: frames by seq, answered concatenated after a seq. */
class PackedRingTest {

  private static Buffer frame(long seq) {
    return Buffer.buffer("[" + seq + ":" + "x".repeat((int) (seq % 7)) + "]");
  }

  private static Buffer framesFrom(long first, long last) {
    Buffer out = Buffer.buffer();
    for (long seq = first; seq <= last; seq++) {
      out.appendBuffer(frame(seq));
    }
    return out;
  }

  @Test
  void answersTheFramesAfterASeqInOrderAcrossWrapsAndEvictions() {
    PackedRing ring = new PackedRing(50, 1 << 20);
    for (long seq = 1; seq <= 500; seq++) {
      assertThat(ring.add(seq, frame(seq))).isTrue();
    }
    assertThat(ring.size()).isEqualTo(50);
    assertThat(ring.oldestSeq()).isEqualTo(451);
    assertThat(ring.appendAfter(480, Buffer.buffer())).isEqualTo(framesFrom(481, 500));
    assertThat(ring.appendAfter(0, Buffer.buffer())).isEqualTo(framesFrom(451, 500));
    assertThat(ring.appendAfter(500, Buffer.buffer()).length()).isZero();
    assertThat(ring.add(500, frame(500))).as("a re-read is not kept twice").isFalse();
  }

  @Test
  void theByteBoundEvictsTheOldestAndKeepsTheNewest() {
    PackedRing ring = new PackedRing(1_000, 10 * (PackedRing.SLOT_BYTES + 8));
    for (long seq = 1; seq <= 100; seq++) {
      ring.add(seq, Buffer.buffer("12345678"));
    }
    assertThat(ring.size()).isEqualTo(10);
    assertThat(ring.oldestSeq()).isEqualTo(91);
    assertThat(ring.bytes()).isEqualTo(10L * (PackedRing.SLOT_BYTES + 8));
    ring.add(101, Buffer.buffer("y".repeat(10_000)));
    assertThat(ring.size()).as("alone over the bound, the newest stays").isEqualTo(1);
    assertThat(ring.appendAfter(0, Buffer.buffer())).isEqualTo(Buffer.buffer("y".repeat(10_000)));
    ring.clear();
    assertThat(ring.size()).isZero();
    assertThat(ring.bytes()).isZero();
    assertThat(ring.add(1, frame(1)))
        .as("after a clear (a new subscription) seqs start again")
        .isTrue();
  }

  @Test
  void emptyEntriesAreKeptAndReadBackWhateverTheRingDid() {
    PackedRing ring = new PackedRing(100, 1 << 20);
    ring.add(1, Buffer.buffer(new byte[100]));
    ring.add(2, Buffer.buffer(new byte[1900]));
    ring.add(3, Buffer.buffer());
    ring.trimTo(0); // the byte ring shrinks under the empty entry left
    assertThat(ring.size()).isEqualTo(1);
    assertThat(ring.entry(0)).isEmpty();
    PackedRing noBytes = new PackedRing(10, 0);
    assertThat(noBytes.add(1, Buffer.buffer())).isTrue();
    assertThat(noBytes.appendAfter(0, Buffer.buffer()).length()).isZero();
  }

  @Test
  void aTrimmedRingGivesBackItsArraysToAQuarterAboveWhatItCounts() {
    PackedRing bytes = new PackedRing(100_000, 8L << 20);
    for (long seq = 1; seq <= 9_000; seq++) {
      bytes.add(seq, Buffer.buffer(new byte[1000]));
    }
    bytes.trimTo(2_200_000);
    assertThat((double) bytes.arrayBytes() / bytes.bytes()).isLessThan(1.5);
    PackedRing slots = new PackedRing(100_000, 1L << 30);
    for (long seq = 1; seq <= 100_000; seq++) {
      slots.add(seq, Buffer.buffer("x"));
    }
    slots.trimTo(0);
    assertThat(slots.size()).isEqualTo(1);
    assertThat(slots.arrayBytes()).as("slots and bytes of one entry").isLessThan(4096);
  }
}
