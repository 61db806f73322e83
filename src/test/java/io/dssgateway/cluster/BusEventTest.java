package io.dssgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusEventTest {

  private static StreamEvent event(long seq, String property, String json) {
    return new StreamEvent(
        seq, "datapoint", "ledevb", "AC000W000340649", property, Buffer.buffer(json));
  }

  @Test
  void aFrameDecodesToTheSameEventAndSubscription() {
    StreamEvent e = event(42, "Blue_LED", "{\"seq\":\"42\",\"value\":\"grüß\"}");

    BusEvent.Decoded d = BusEvent.decode(BusEvent.encode(50155, e));

    assertThat(d.subscriptionId()).isEqualTo(50155);
    assertThat(d.event().seq()).isEqualTo(42);
    assertThat(d.event().eventType()).isEqualTo("datapoint");
    assertThat(d.event().oemModel()).isEqualTo("ledevb");
    assertThat(d.event().dsn()).isEqualTo("AC000W000340649");
    assertThat(d.event().propertyName()).isEqualTo("Blue_LED");
    assertThat(d.event().json().toString()).isEqualTo("{\"seq\":\"42\",\"value\":\"grüß\"}");
  }

  @Test
  void missingRoutingFieldsStayMissing() {
    StreamEvent e =
        new StreamEvent(7, "connectivity", null, "AC000W000340649", null, Buffer.buffer("{}"));

    StreamEvent back = BusEvent.decode(BusEvent.encode(1, e)).event();

    assertThat(back.oemModel()).isNull();
    assertThat(back.propertyName()).isNull();
    assertThat(back.dsn()).isEqualTo("AC000W000340649");
  }

  @Test
  void concatenatedFramesDecodeInOrder() {
    Buffer all =
        Buffer.buffer()
            .appendBuffer(BusEvent.encode(1, event(1, "a", "{\"n\":1}")))
            .appendBuffer(BusEvent.encode(1, event(2, null, "{\"n\":2}")))
            .appendBuffer(BusEvent.encode(2, event(1, "c", "")));

    List<BusEvent.Decoded> frames = BusEvent.decodeAll(all);

    assertThat(frames)
        .extracting(f -> f.subscriptionId() + ":" + f.event().seq() + ":" + f.event().json())
        .containsExactly("1:1:{\"n\":1}", "1:2:{\"n\":2}", "2:1:");
    assertThat(BusEvent.decodeAll(Buffer.buffer())).isEmpty();
  }
}
