package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dssgateway.common.HttpError;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class CursorTest {

  private static void assertRejected(String text) {
    assertThatThrownBy(() -> Cursor.parse(text))
        .as("Last-Event-ID %s", text)
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_last_event_id");
            });
  }

  @Test
  void formatJoinsPairsInOrderAndParseReadsThemBack() {
    String text = Cursor.format(new long[] {12, 7}, new long[] {5, 0});
    assertThat(text).isEqualTo("12:5,7:0");
    Cursor cursor = Cursor.parse(text);
    assertThat(cursor.isEmpty()).isFalse();
    assertThat(cursor.seqFor(12)).isEqualTo(5);
    assertThat(cursor.seqFor(7)).isZero();
  }

  @Test
  void singlePairRoundTrips() {
    assertThat(Cursor.format(new long[] {3}, new long[] {41})).isEqualTo("3:41");
    assertThat(Cursor.parse("3:41").seqFor(3)).isEqualTo(41);
  }

  @Test
  void formatOfNoStreamsIsEmpty() {
    assertThat(Cursor.format(new long[0], new long[0])).isEmpty();
  }

  @Test
  void nullOrBlankIsNoCursor() {
    for (String text : new String[] {null, "", "   ", "\t"}) {
      Cursor cursor = Cursor.parse(text);
      assertThat(cursor.isEmpty()).as("%s", text).isTrue();
      assertThat(cursor.seqFor(1)).isEqualTo(-1);
    }
    assertThat(Cursor.empty().isEmpty()).isTrue();
  }

  @Test
  void seqForAnUnknownSubscriptionIsMinusOne() {
    Cursor cursor = Cursor.parse("12:5");
    assertThat(cursor.seqFor(13)).isEqualTo(-1);
    assertThat(cursor.seqFor(5)).isEqualTo(-1);
  }

  @Test
  void garbageIsA400WithInvalidLastEventId() {
    for (String text :
        new String[] {
          "abc",
          "12",
          "12:",
          ":5",
          "12:5,",
          ",12:5",
          "12:5;13:6",
          "12:5 ",
          " 12:5",
          "-1:5",
          "1:-5",
          "1:2:3",
          "1.0:2",
          "0x1:2",
          "１:２",
          "12:5\n13:6"
        }) {
      assertRejected(text);
    }
  }

  @Test
  void acceptsOneEntryPerEventTypeAndNoMore() {
    Cursor five = Cursor.parse("1:1,2:2,3:3,4:4,5:5");
    assertThat(five.seqFor(1)).isEqualTo(1);
    assertThat(five.seqFor(5)).isEqualTo(5);
    assertRejected("1:1,2:2,3:3,4:4,5:5,6:6");
  }

  @Test
  void numbersUpToEighteenDigitsAreReadExactly() {
    String max = "999999999999999999";
    String longest = String.join(",", Collections.nCopies(5, max + ":" + max));
    assertThat(Cursor.parse(longest).seqFor(999_999_999_999_999_999L))
        .isEqualTo(999_999_999_999_999_999L);
    assertRejected("1:1234567890123456789");
    assertRejected("1234567890123456789:1");
  }

  @Test
  void tooLongIsRejected() {
    assertRejected("1".repeat(201));
    assertRejected("1:" + "0".repeat(10_000));
  }
}
