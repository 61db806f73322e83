package io.dssgateway.hub;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The models/DSNs/properties a stream carries. Each dimension is either every value ({@code *})
 * or a set; order and duplicates never matter, so two equal filters have one canonical form.
 * Property names apply only to datapoint and datapointack streams.
 */
public record Filter(
    SortedSet<String> oemModels, SortedSet<String> dsns, SortedSet<String> properties) {

  /** The empty set stands for {@code *}; immutable, since every unfiltered dimension shares it. */
  private static final SortedSet<String> ANY = Collections.emptySortedSet();

  public Filter {
    oemModels = freeze(oemModels);
    dsns = freeze(dsns);
    properties = freeze(properties);
  }

  public static Filter of(Set<String> oemModels, Set<String> dsns, Set<String> properties) {
    return new Filter(new TreeSet<>(oemModels), new TreeSet<>(dsns), new TreeSet<>(properties));
  }

  public static Filter any() {
    return new Filter(ANY, ANY, ANY);
  }

  /** This filter restricted to what applies to one event type (properties only for datapoints). */
  public Filter forType(String eventType) {
    return EventTypes.hasProperties(eventType) ? this : new Filter(oemModels, dsns, ANY);
  }

  public boolean matches(String oemModel, String dsn, String propertyName) {
    return accepts(oemModels, oemModel)
        && accepts(dsns, dsn)
        && (propertyName == null || accepts(properties, propertyName));
  }

  /** True when every event {@code other} matches is also matched by this filter. */
  public boolean covers(Filter other) {
    return covers(oemModels, other.oemModels)
        && covers(dsns, other.dsns)
        && covers(properties, other.properties);
  }

  /** Ayla's notation: {@code *} or a comma-separated list. */
  public static String render(SortedSet<String> values) {
    return values.isEmpty() ? "*" : String.join(",", values);
  }

  public String canonical() {
    return "m=" + render(oemModels) + ";d=" + render(dsns) + ";p=" + render(properties);
  }

  private static boolean accepts(SortedSet<String> allowed, String value) {
    // every empty set is frozen to ANY, so identity answers "any" without a call (hot: per browser
    // per event)
    return allowed == ANY || value != null && allowed.contains(value);
  }

  private static boolean covers(SortedSet<String> outer, SortedSet<String> inner) {
    return outer.isEmpty() || !inner.isEmpty() && outer.containsAll(inner);
  }

  private static SortedSet<String> freeze(SortedSet<String> values) {
    return values == null || values.isEmpty()
        ? ANY
        : Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }
}
