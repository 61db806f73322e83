package io.dssgateway.hub;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What makes two upstream events the same device event when they come through two subscriptions:
 * Ayla numbers each subscription's events on its own, so the identity is the event's JSON without
 * its {@code seq} (device, type, timestamps, value and, for datapoints, their id stay). Used only
 * while browsers move between streams, never per event on the fan-out path.
 */
public final class EventIdentity {

  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\"\\d*\"|\\d+)\\s*,?");

  private EventIdentity() {}

  public static String of(StreamEvent event) {
    return SEQ.matcher(event.json().toString(StandardCharsets.UTF_8)).replaceFirst("");
  }
}
