package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamKeyTest {

  private static final String DEMO = "user:demo";

  private static Set<String> set(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }

  private static Filter dsns(String... dsns) {
    return Filter.of(Set.of(), set(dsns), Set.of());
  }

  @Test
  void canonicalNamesScopeTypeAndFilter() {
    StreamKey key =
        new StreamKey(
            DEMO, "datapoint", Filter.of(set("ledevb"), set("D2", "D1"), set("Blue_LED")));
    assertThat(key.canonical()).isEqualTo("user:demo|datapoint|m=ledevb;d=D1,D2;p=Blue_LED");
    assertThat(new StreamKey(DEMO, "connectivity", Filter.any()).canonical())
        .isEqualTo("user:demo|connectivity|m=*;d=*;p=*");
  }

  @Test
  void keysWrittenInAnyOrderWithDuplicatesAreEqual() {
    StreamKey a = new StreamKey(DEMO, "datapoint", Filter.of(Set.of(), set("D1", "D2"), set("P")));
    StreamKey b =
        new StreamKey(DEMO, "datapoint", Filter.of(Set.of(), set("D2", "D1", "D2"), set("P", "P")));
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(b.canonical()).isEqualTo(a.canonical());
  }

  @Test
  void propertiesAreDroppedForTypesWithoutThemSoSuchKeysShare() {
    StreamKey withProperty =
        new StreamKey(DEMO, "connectivity", Filter.of(Set.of(), set("D1"), set("Blue_LED")));
    StreamKey without = new StreamKey(DEMO, "connectivity", dsns("D1"));
    assertThat(withProperty.filter().properties()).isEmpty();
    assertThat(withProperty.canonical()).isEqualTo("user:demo|connectivity|m=*;d=D1;p=*");
    assertThat(withProperty).isEqualTo(without);
  }

  @Test
  void datapointAndDatapointackKeepProperties() {
    Filter filter = Filter.of(Set.of(), set("D1"), set("Blue_LED"));
    assertThat(new StreamKey(DEMO, "datapoint", filter).canonical())
        .isEqualTo("user:demo|datapoint|m=*;d=D1;p=Blue_LED");
    assertThat(new StreamKey(DEMO, "datapointack", filter).canonical())
        .isEqualTo("user:demo|datapointack|m=*;d=D1;p=Blue_LED");
  }

  @Test
  void coversFollowsTheFilterWithinOneScopeAndType() {
    StreamKey all = new StreamKey(DEMO, "datapoint", Filter.any());
    StreamKey two = new StreamKey(DEMO, "datapoint", dsns("D1", "D2"));
    StreamKey one = new StreamKey(DEMO, "datapoint", dsns("D1"));
    assertThat(all.covers(two)).isTrue();
    assertThat(two.covers(one)).isTrue();
    assertThat(two.covers(two)).isTrue();
    assertThat(one.covers(two)).isFalse();
    assertThat(two.covers(all)).isFalse();
  }

  @Test
  void differentScopeOrTypeNeverCovers() {
    StreamKey all = new StreamKey(DEMO, "datapoint", Filter.any());
    assertThat(all.covers(new StreamKey("user:other", "datapoint", dsns("D1")))).isFalse();
    assertThat(all.covers(new StreamKey(DEMO, "datapointack", dsns("D1")))).isFalse();
    assertThat(all.covers(new StreamKey(DEMO, "connectivity", Filter.any()))).isFalse();
  }

  @Test
  void aPropertyFilterOnAConnectivityRequestDoesNotStopSharing() {
    StreamKey stream = new StreamKey(DEMO, "connectivity", dsns("D1"));
    StreamKey request =
        new StreamKey(DEMO, "connectivity", Filter.of(Set.of(), set("D1"), set("Blue_LED")));
    assertThat(stream.covers(request)).isTrue();
    assertThat(request.covers(stream)).isTrue();
  }
}
