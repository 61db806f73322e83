package io.dssgateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DssFrameCodecTest {

  private static String frame(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length + "|" + json;
  }

  private static DssEvent event(String message) {
    DssFrame f = DssFrameCodec.decode(message);
    assertThat(f).isInstanceOf(DssEvent.class);
    return (DssEvent) f;
  }

  @Test
  void decodesDatapointEventAndKeepsItsBytesAsReceived() {
    String json =
        "{\"seq\":\"42\",\"metadata\":{\"oem_id\":\"0dfc7900\",\"oem_model\":\"ledevb\",\"dsn\":\"AC000W000340649\","
            + "\"resource_tags\":[],\"property_name\":\"Blue_LED\",\"event_type\":\"datapoint\"},"
            + "\"datapoint\":{\"value\":1,\"metadata\":{}}}";
    DssEvent e = event(frame(json));
    assertThat(e.seq()).isEqualTo(42);
    assertThat(e.eventType()).isEqualTo("datapoint");
    assertThat(e.oemModel()).isEqualTo("ledevb");
    assertThat(e.dsn()).isEqualTo("AC000W000340649");
    assertThat(e.propertyName()).isEqualTo("Blue_LED");
    assertThat(e.json().toString()).isEqualTo(json);
  }

  @Test
  void splitsAtTheFirstBarOnlySoABarInsideTheJsonIsKept() {
    String json =
        "{\"seq\":\"7\",\"metadata\":{\"event_type\":\"datapoint\"},\"datapoint\":{\"value\":\"a|b||c\"}}";
    DssEvent e = event(frame(json));
    assertThat(e.seq()).isEqualTo(7);
    assertThat(e.json().toString()).isEqualTo(json);
  }

  @Test
  void acceptsNonAsciiWithByteOrCharacterLength() {
    String json =
        "{\"seq\":\"3\",\"metadata\":{\"event_type\":\"datapoint\"},\"datapoint\":{\"value\":\"Kühlschrank ❄ 冷\"}}";
    assertThat(event(frame(json)).json().toString(StandardCharsets.UTF_8)).isEqualTo(json);
    assertThat(event(json.length() + "|" + json).seq()).isEqualTo(3);
  }

  @Test
  void recognisesHeartbeat() {
    assertThat(DssFrameCodec.decode("1|Z")).isInstanceOf(DssFrame.Heartbeat.class);
  }

  @Test
  void rejectsWrongLength() {
    String json = "{\"seq\":\"1\",\"metadata\":{}}";
    assertThat(DssFrameCodec.decode((json.length() + 1) + "|" + json))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode("2|Z")).isInstanceOf(DssFrame.Malformed.class);
  }

  @Test
  void rejectsNonNumericOrMissingLength() {
    String json = "{\"seq\":\"1\",\"metadata\":{}}";
    assertThat(DssFrameCodec.decode("x" + json.length() + "|" + json))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode("-5|" + json)).isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode("|" + json)).isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode(json)).isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode("")).isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode("99999999999999999999|{}"))
        .isInstanceOf(DssFrame.Malformed.class);
  }

  @Test
  void rejectsInvalidJsonMissingSeqAndTrailingContent() {
    assertThat(DssFrameCodec.decode(frame("{\"seq\":\"1\",\"metadata\":{")))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode(frame("{\"metadata\":{}}")))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode(frame("{\"seq\":\"abc\"}")))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode(frame("{\"seq\":\"0\"}")))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode(frame("{\"seq\":\"1\"} {}")))
        .isInstanceOf(DssFrame.Malformed.class);
    assertThat(DssFrameCodec.decode(frame("[1,2]"))).isInstanceOf(DssFrame.Malformed.class);
  }

  @Test
  void acceptsNumericSeqAndIgnoresNonStringMetadata() {
    DssEvent e =
        event(
            frame(
                "{\"seq\":12,\"metadata\":{\"dsn\":{\"x\":[1]},\"event_type\":\"connectivity\"}}"));
    assertThat(e.seq()).isEqualTo(12);
    assertThat(e.dsn()).isNull();
    assertThat(e.eventType()).isEqualTo("connectivity");
  }
}
