package io.dssgateway.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionPlannerTest {

  private static final SubscriptionPlanner WIDE =
      new SubscriptionPlanner(SubscriptionPlanner.Policy.WIDE);
  private static final SubscriptionPlanner EXACT =
      new SubscriptionPlanner(SubscriptionPlanner.Policy.EXACT);

  private static StreamKey key(
      String scope, String type, Set<String> m, Set<String> d, Set<String> p) {
    return new StreamKey(scope, type, Filter.of(m, d, p));
  }

  @Test
  void exactPlansEveryRequestAsAsked() {
    StreamKey asked = key("service", "datapoint", Set.of("fleet"), Set.of("D1"), Set.of("temp"));
    assertThat(EXACT.plan(asked, null)).isEqualTo(asked);
    assertThat(EXACT.plan(asked, Set.of("D1"))).isEqualTo(asked);
  }

  @Test
  void aScopeThatSeesWholeModelsGetsOneStreamPerTypeAndModels() {
    StreamKey one = key("service", "datapoint", Set.of("fleet"), Set.of("D1"), Set.of("temp"));
    StreamKey other = key("service", "datapoint", Set.of("fleet"), Set.of("D2", "D3"), Set.of());
    StreamKey planned = WIDE.plan(one, null);
    assertThat(planned)
        .isEqualTo(key("service", "datapoint", Set.of("fleet"), Set.of(), Set.of()))
        .isEqualTo(WIDE.plan(other, null));
    assertThat(planned.covers(one)).isTrue();
    assertThat(
            WIDE.plan(
                key("service", "connectivity", Set.of("fleet"), Set.of("D1"), Set.of()), null))
        .as("one per event type")
        .isNotEqualTo(planned);
  }

  @Test
  void aRequestNamingOnlyDevicesKeepsThemAndGetsEveryPropertyOfThem() {
    StreamKey asked = key("service", "datapoint", Set.of(), Set.of("D1", "D2"), Set.of("temp"));
    assertThat(WIDE.plan(asked, null))
        .isEqualTo(key("service", "datapoint", Set.of(), Set.of("D1", "D2"), Set.of()));
  }

  @Test
  void aUserGetsOneStreamPerTypeOverTheirOwnDevicesAndNeverMore() {
    Set<String> owned = Set.of("A", "B", "C");
    StreamKey byDevice = key("user:u", "datapoint", Set.of(), Set.of("A"), Set.of("temp"));
    StreamKey byModel = key("user:u", "datapoint", Set.of("ledevb"), Set.of(), Set.of());
    StreamKey planned = key("user:u", "datapoint", Set.of(), owned, Set.of());
    assertThat(WIDE.plan(byDevice, owned)).isEqualTo(planned);
    assertThat(WIDE.plan(byModel, owned)).isEqualTo(planned);
    assertThat(planned.filter().dsns()).as("only the user's devices").isEqualTo(owned);
  }

  @Test
  void aUserWithNoKnownDevicesOrTooManyToNameIsPlannedAsAskedOrByModel() {
    StreamKey asked = key("user:u", "datapoint", Set.of(), Set.of("A"), Set.of());
    assertThat(WIDE.plan(asked, Set.of())).isEqualTo(asked);
    Set<String> many = new HashSet<>();
    for (int i = 0; i <= SubscriptionPlanner.MAX_PLANNED_DSNS; i++) {
      many.add("D" + i);
    }
    assertThat(WIDE.plan(asked, many)).isEqualTo(asked);
    assertThat(WIDE.plan(key("user:u", "datapoint", Set.of("fleet"), Set.of("A"), Set.of()), many))
        .as("a request naming a model gets the whole model")
        .isEqualTo(key("user:u", "datapoint", Set.of("fleet"), Set.of(), Set.of()));
  }

  @Test
  void aUserWideStreamOfEarlierDevicesIsAnEarlierPlanOfTheSameUserAndTypeOnly() {
    StreamKey before = key("user:u", "datapoint", Set.of(), Set.of("A", "B"), Set.of());
    StreamKey now = key("user:u", "datapoint", Set.of(), Set.of("A", "B", "C"), Set.of());
    assertThat(WIDE.earlierPlanOf(before, now)).isTrue();
    assertThat(WIDE.earlierPlanOf(now, before)).isTrue();
    assertThat(WIDE.earlierPlanOf(key("user:v", "datapoint", Set.of(), Set.of("A"), Set.of()), now))
        .isFalse();
    assertThat(WIDE.earlierPlanOf(key("user:u", "location", Set.of(), Set.of("A"), Set.of()), now))
        .isFalse();
    assertThat(
            WIDE.earlierPlanOf(key("user:u", "datapoint", Set.of(), Set.of("A"), Set.of("t")), now))
        .as("a narrow request's own stream is not a plan")
        .isFalse();
    assertThat(EXACT.earlierPlanOf(before, now)).isFalse();
  }
}
