package io.dssgateway.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.dssgateway.hub.StreamEvent;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The time history selects on: the one each DSS event states (dss-protocol.md section 3), else when it arrived. */
class ArchivedEventTest {

  private static long time(String type, String json) {
    return ArchivedEvent.eventTime(new StreamEvent(1, type, null, null, null, Buffer.buffer(json)));
  }

  private static long ms(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void eachTypeItsOwnTime() {
    assertThat(
            time(
                "datapoint",
                "{\"seq\":\"1\",\"datapoint\":{\"created_at_from_device\":\"2020-01-01T00:00:00Z\","
                    + "\"created_at\":\"2026-11-28T10:00:00.123Z\",\"updated_at\":\"2026-11-28T11:00:00Z\"}}"))
        .isEqualTo(ms("2026-11-28T10:00:00.123Z"));
    assertThat(
            time(
                "connectivity",
                "{\"connection\":{\"event_time\" : \"2026-11-28T10:00:01Z\",\"status\":\"Online\"}}"))
        .as("spaces around the colon")
        .isEqualTo(ms("2026-11-28T10:00:01Z"));
    assertThat(
            time("location", "{\"location_event\":{\"created_at\":\"2026-11-28T10:00:02+01:00\"}}"))
        .isEqualTo(ms("2026-11-28T09:00:02Z"));
    assertThat(
            time(
                "registration",
                "{\"registration_event\":{\"unregistered_at\":\"2026-11-28T10:00:03Z\",\"registered\":false}}"))
        .as("not taken for registered_at")
        .isEqualTo(ms("2026-11-28T10:00:03Z"));
    assertThat(
            time(
                "registration",
                "{\"registration_event\":{\"registered_at\":\"2026-11-28T10:00:04Z\"}}"))
        .isEqualTo(ms("2026-11-28T10:00:04Z"));
  }

  @Test
  void anEventWithoutAUsableTimeGetsItsArrival() {
    long before = System.currentTimeMillis();
    assertThat(time("datapoint", "{\"datapoint\":{\"created_at\":\"yesterday\"}}"))
        .isBetween(before, System.currentTimeMillis());
    assertThat(time("connectivity", "not json")).isBetween(before, System.currentTimeMillis());
  }
}
