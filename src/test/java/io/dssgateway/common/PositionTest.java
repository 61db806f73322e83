package io.dssgateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.common.Position.Arrival;
import org.junit.jupiter.api.Test;

class PositionTest {

  @Test
  void eventsOfOneSubscriptionAreNextSkippedOrDuplicates() {
    Position p = new Position(7, 3);

    assertThat(p.arrive(7, 4)).isEqualTo(Arrival.NEXT);
    assertThat(p.arrive(7, 4)).isEqualTo(Arrival.DUPLICATE);
    assertThat(p.arrive(7, 2)).isEqualTo(Arrival.DUPLICATE);
    assertThat(p.arrive(7, 9)).isEqualTo(Arrival.AFTER_SKIP);
    assertThat(p.lastSeq()).isEqualTo(9);
    assertThat(p.arrive(10)).isEqualTo(Arrival.NEXT);
  }

  @Test
  void anotherSubscriptionIsANewSeqSpaceAndTheFirstOneIsFirst() {
    Position p = new Position();

    assertThat(p.arrive(7, 5)).isEqualTo(Arrival.FIRST);
    assertThat(p.arrive(8, 1)).isEqualTo(Arrival.RESUBSCRIBED);
    assertThat(p.subscriptionId()).isEqualTo(8);
    assertThat(p.lastSeq()).isEqualTo(1);
    assertThat(Arrival.RESUBSCRIBED.opensSubscription()).isTrue();
    assertThat(Arrival.DUPLICATE.isNew()).isFalse();
  }

  @Test
  void aResumeNeverMovesBackOnItsOwnSubscriptionAndStartsOverOnAnother() {
    Position p = new Position(7, 10);

    p.resume(7, 4);
    assertThat(p.lastSeq()).isEqualTo(10);
    p.resume(7, 12);
    assertThat(p.lastSeq()).isEqualTo(12);
    p.resume(9, 2);
    assertThat(p).hasToString("9:2");
  }

  @Test
  void aResubscriptionForgetsTheSeqsAndARewindReadsAgain() {
    Position p = new Position(7, 10);

    p.resubscribed(8);
    assertThat(p.arrive(8, 1)).isEqualTo(Arrival.NEXT);
    p.rewind(-5);
    assertThat(p.lastSeq()).isZero();
    assertThat(p.arrive(1)).isEqualTo(Arrival.NEXT);
  }
}
