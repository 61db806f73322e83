package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class FilterTest {

  private static Set<String> set(String... values) {
    return new LinkedHashSet<>(List.of(values));
  }

  private static Filter dsns(String... dsns) {
    return Filter.of(Set.of(), set(dsns), Set.of());
  }

  @Test
  void anyIsImmutableAndStaysEmpty() {
    Throwable thrown = catchThrowable(() -> Filter.any().oemModels().add("x"));
    assertThat(Filter.any().oemModels()).as("a filter built later").isEmpty();
    assertThat(Filter.any().canonical()).isEqualTo("m=*;d=*;p=*");
    assertThat(thrown).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Filter.any().dsns().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Filter.any().properties().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> dsns("a").forType("connectivity").properties().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void setsAreCopiedAndUnmodifiable() {
    TreeSet<String> source = new TreeSet<>(List.of("a"));
    Filter filter = new Filter(source, source, source);
    source.add("b");
    assertThat(filter.canonical()).isEqualTo("m=a;d=a;p=a");
    assertThatThrownBy(() -> filter.dsns().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void canonicalFormIgnoresOrderAndDuplicates() {
    Filter a = Filter.of(set("ledevb", "linux"), set("D2", "D1", "D2"), set("Blue_LED"));
    Filter b =
        Filter.of(set("linux", "ledevb", "linux"), set("D1", "D2"), set("Blue_LED", "Blue_LED"));
    assertThat(a.canonical()).isEqualTo("m=ledevb,linux;d=D1,D2;p=Blue_LED");
    assertThat(b.canonical()).isEqualTo(a.canonical());
    assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
  }

  @Test
  void emptySetsAreStarAndEqualToAny() {
    assertThat(Filter.render(new TreeSet<>())).isEqualTo("*");
    assertThat(Filter.render(new TreeSet<>(List.of("b", "a")))).isEqualTo("a,b");
    Filter empty = Filter.of(Set.of(), Set.of(), Set.of());
    assertThat(empty).isEqualTo(Filter.any());
    assertThat(empty.canonical()).isEqualTo("m=*;d=*;p=*");
    assertThat(new Filter(null, null, null)).isEqualTo(Filter.any());
    assertThat(dsns("D1").canonical()).isEqualTo("m=*;d=D1;p=*");
  }

  @Test
  void forTypeDropsPropertiesForTypesWithoutThem() {
    Filter filter = Filter.of(set("ledevb"), set("D1"), set("Blue_LED"));
    for (String type : List.of("connectivity", "location", "registration")) {
      assertThat(filter.forType(type).canonical()).as(type).isEqualTo("m=ledevb;d=D1;p=*");
    }
    assertThat(filter.forType("datapoint")).isEqualTo(filter);
    assertThat(filter.forType("datapointack")).isEqualTo(filter);
  }

  @Test
  void matchesChecksEveryDimension() {
    Filter filter = Filter.of(set("ledevb"), set("D1", "D2"), set("Blue_LED"));
    assertThat(filter.matches("ledevb", "D2", "Blue_LED")).isTrue();
    assertThat(filter.matches("linux", "D2", "Blue_LED")).isFalse();
    assertThat(filter.matches("ledevb", "D3", "Blue_LED")).isFalse();
    assertThat(filter.matches("ledevb", "D1", "Red_LED")).isFalse();
  }

  @Test
  void nullPropertyMatchesWhateverThePropertyFilter() {
    Filter filter = Filter.of(Set.of(), set("D1"), set("Blue_LED"));
    assertThat(filter.matches("ledevb", "D1", null)).isTrue();
    assertThat(filter.matches("ledevb", "D2", null)).isFalse();
  }

  @Test
  void anyMatchesEverything() {
    assertThat(Filter.any().matches("ledevb", "D1", "Blue_LED")).isTrue();
    assertThat(Filter.any().matches(null, null, null)).isTrue();
  }

  @Test
  void anyCoversASetButASetNeverCoversAny() {
    assertThat(Filter.any().covers(dsns("D1"))).isTrue();
    assertThat(Filter.any().covers(Filter.any())).isTrue();
    assertThat(dsns("D1").covers(Filter.any())).isFalse();
    assertThat(dsns("D1", "D2").covers(Filter.any())).isFalse();
  }

  @Test
  void aSupersetCoversItsSubsetsOnly() {
    assertThat(dsns("D1", "D2").covers(dsns("D1"))).isTrue();
    assertThat(dsns("D1", "D2").covers(dsns("D2", "D1"))).isTrue();
    assertThat(dsns("D1").covers(dsns("D1", "D2"))).isFalse();
    assertThat(dsns("D1").covers(dsns("D2"))).isFalse();
  }

  @Test
  void coversNeedsEveryDimensionCovered() {
    Filter wide = Filter.of(Set.of(), set("D1", "D2"), Set.of());
    Filter narrow = Filter.of(set("ledevb"), set("D1"), set("Blue_LED"));
    assertThat(wide.covers(narrow)).isTrue();
    assertThat(narrow.covers(wide)).isFalse();
    Filter propertyOnly = Filter.of(Set.of(), set("D1"), set("Blue_LED"));
    Filter allProperties = Filter.of(Set.of(), set("D1"), Set.of());
    assertThat(propertyOnly.covers(allProperties)).isFalse();
    assertThat(allProperties.covers(propertyOnly)).isTrue();
  }

  @Test
  void anEventWithoutTheFilteredFieldDoesNotMatchInsteadOfThrowing() {
    Filter f = Filter.of(Set.of("ledevb"), Set.of("AC000W000340649"), Set.of());
    assertThat(f.matches(null, "AC000W000340649", null)).isFalse();
    assertThat(f.matches("ledevb", null, null)).isFalse();
    assertThat(Filter.any().matches(null, null, null)).isTrue();
  }
}
