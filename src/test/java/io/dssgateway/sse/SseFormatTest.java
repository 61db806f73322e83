package io.dssgateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFormatTest {

  private static String text(Buffer b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  /**
   * What an EventSource makes of one event block: lines end at CRLF, LF or CR; the data lines'
   * values (after "data:" and one optional space) are joined with LF.
   */
  private static String joinedData(Buffer block) {
    String s = text(block);
    List<String> data = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int end = i;
      while (end < s.length() && s.charAt(end) != '\n' && s.charAt(end) != '\r') {
        end++;
      }
      String line = s.substring(i, end);
      if (line.startsWith("data:")) {
        String value = line.substring(5);
        data.add(value.startsWith(" ") ? value.substring(1) : value);
      }
      i = end + (s.startsWith("\r\n", end) ? 2 : 1);
    }
    return String.join("\n", data);
  }

  @Test
  void eventBodyIsEventLineDataLineAndBlankLine() {
    Buffer body = SseFormat.eventBody("datapoint", Buffer.buffer("{\"seq\":\"1\"}"));
    assertThat(text(body)).isEqualTo("event: datapoint\ndata: {\"seq\":\"1\"}\n\n");
  }

  @Test
  void eventBodySplitsLfCrAndCrlfIntoSeveralDataLines() {
    Buffer body = SseFormat.eventBody("x", Buffer.buffer("a\nb\rc\r\nd"));
    assertThat(text(body)).isEqualTo("event: x\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  }

  @Test
  void clientJoinGivesBackTheLfPayload() {
    for (String payload :
        List.of("{\n  \"a\": 1,\n  \"b\": [\n    2\n  ]\n}", "a\n", "\nb", "a\n\nb", "", "\n")) {
      Buffer body = SseFormat.eventBody("datapoint", Buffer.buffer(payload));
      assertThat(joinedData(body)).as("%s", payload).isEqualTo(payload);
      assertThat(text(body)).endsWith("\n\n").doesNotContain("\r");
    }
  }

  @Test
  void clientJoinGivesBackCrAndCrlfPayloadsAsLf() {
    assertThat(joinedData(SseFormat.eventBody("x", Buffer.buffer("a\r\nb\rc\r\n\r\nd"))))
        .isEqualTo("a\nb\nc\n\nd");
    assertThat(text(SseFormat.eventBody("x", Buffer.buffer("a\r"))))
        .isEqualTo("event: x\ndata: a\ndata: \n\n");
    assertThat(text(SseFormat.eventBody("x", Buffer.buffer("a\n\rb"))))
        .isEqualTo("event: x\ndata: a\ndata: \ndata: b\n\n");
  }

  @Test
  void eventBodyLeavesItsInputUnchanged() {
    Buffer json = Buffer.buffer("a\r\nb");
    SseFormat.eventBody("x", json);
    assertThat(json.toString(StandardCharsets.UTF_8)).isEqualTo("a\r\nb");
  }

  @Test
  void nonAsciiPassesUnchangedAsUtf8() {
    String json = "{\"value\":\"Kühlschrank ❄ 冷 \uD83D\uDE00\"}";
    Buffer body =
        SseFormat.eventBody("datapoint", Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(body.getBytes())
        .isEqualTo(("event: datapoint\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    assertThat(SseFormat.event("1:2", "gap", json).getBytes())
        .isEqualTo(
            ("id: 1:2\nevent: gap\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    assertThat(SseFormat.idLine("ü").getBytes())
        .isEqualTo("id: ü\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void idLineIsOneLine() {
    assertThat(text(SseFormat.idLine("12:5,7:0"))).isEqualTo("id: 12:5,7:0\n");
  }

  @Test
  void retryAndCommentAreBlocksOfTheirOwn() {
    assertThat(text(SseFormat.retry(3000))).isEqualTo("retry: 3000\n\n");
    assertThat(text(SseFormat.comment("stream open"))).isEqualTo(": stream open\n\n");
    assertThat(text(SseFormat.KEEP_ALIVE)).isEqualTo(": keep-alive\n\n");
  }

  @Test
  void eventWithIdStartsWithTheIdLine() {
    assertThat(text(SseFormat.event("12:0", "gap", "{\"reason\":\"evicted\"}")))
        .isEqualTo("id: 12:0\nevent: gap\ndata: {\"reason\":\"evicted\"}\n\n");
  }

  @Test
  void eventWithoutIdHasNoIdLine() {
    assertThat(text(SseFormat.event(null, "expired", "{\"reason\":\"credential_expired\"}")))
        .isEqualTo("event: expired\ndata: {\"reason\":\"credential_expired\"}\n\n");
  }

  @Test
  void crLfAndNulAreRejectedInIdsNamesAndComments() {
    for (String bad : List.of("a\nb", "a\rb", "a\u0000b", "\n", "a\r\n")) {
      assertThatThrownBy(() -> SseFormat.idLine(bad))
          .as("id %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SseFormat.comment(bad))
          .as("comment %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SseFormat.eventBody(bad, Buffer.buffer("{}")))
          .as("name %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SseFormat.event(bad, "gap", "{}"))
          .as("event id %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> SseFormat.event("1:1", bad, "{}"))
          .as("event name %s", bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
