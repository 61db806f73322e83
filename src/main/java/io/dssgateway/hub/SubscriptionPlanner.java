package io.dssgateway.hub;

import java.util.Locale;
import java.util.Set;

/**
 * Which upstream subscription serves a browser's request. {@link Policy#EXACT} buys one per
 * distinct filter, as asked. {@link Policy#WIDE} serves requests from few wide subscriptions: one
 * per (scope, event type, models) where the scope may see whole models (service mode), and one per
 * (user, event type) over the user's own devices in per-user mode. It never plans beyond what the
 * scope may see; each browser still gets only what its own filter matches (routed by device).
 */
public final class SubscriptionPlanner {

  /** How requests map onto upstream subscriptions. */
  public enum Policy {
    EXACT,
    WIDE;

    public static Policy parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * A user-wide subscription names its DSNs; past this many, a request naming models gets the
   * whole of them, and one naming only DSNs is planned as asked.
   */
  static final int MAX_PLANNED_DSNS = 500;

  private final Policy policy;

  public SubscriptionPlanner(Policy policy) {
    this.policy = policy;
  }

  public Policy policy() {
    return policy;
  }

  /**
   * The upstream key for a request.
   *
   * @param scopeDevices the DSNs the scope may see, or null when it may see whole models
   */
  public StreamKey plan(StreamKey requested, Set<String> scopeDevices) {
    if (policy == Policy.EXACT) {
      return requested;
    }
    Filter f = requested.filter();
    if (scopeDevices == null) {
      // a request naming models gets the whole of them; one naming only DSNs (Ayla requires them
      // when oem_model is *) keeps its DSNs and gets every property of them
      Filter wide =
          f.oemModels().isEmpty()
              ? Filter.of(Set.of(), f.dsns(), Set.of())
              : Filter.of(f.oemModels(), Set.of(), Set.of());
      return new StreamKey(requested.scope(), requested.eventType(), wide);
    }
    if (scopeDevices.size() > MAX_PLANNED_DSNS && !f.oemModels().isEmpty()) {
      // too many devices to name: the whole models asked for, each browser still getting only
      // its own devices' events (the scope's device check drops the others)
      return new StreamKey(
          requested.scope(), requested.eventType(), Filter.of(f.oemModels(), Set.of(), Set.of()));
    }
    if (scopeDevices.isEmpty() || scopeDevices.size() > MAX_PLANNED_DSNS) {
      return requested;
    }
    return new StreamKey(
        requested.scope(), requested.eventType(), Filter.of(Set.of(), scopeDevices, Set.of()));
  }

  /**
   * True when {@code earlier}, a stream of the same scope and type, is one this planner made for a
   * request like {@code planned} before the scope's devices changed: a user-wide stream naming DSNs.
   * Its browsers move to the new plan.
   */
  boolean earlierPlanOf(StreamKey earlier, StreamKey planned) {
    return policy == Policy.WIDE
        && isUserWide(earlier)
        && isUserWide(planned)
        && earlier.scope().equals(planned.scope())
        && earlier.eventType().equals(planned.eventType());
  }

  private static boolean isUserWide(StreamKey key) {
    Filter f = key.filter();
    return f.oemModels().isEmpty() && f.properties().isEmpty() && !f.dsns().isEmpty();
  }
}
