package io.dssgateway.upstream;

/** One decoded DSS WebSocket text message: an event, a heartbeat, or something malformed. */
public sealed interface DssFrame permits DssEvent, DssFrame.Heartbeat, DssFrame.Malformed {

  /** A heartbeat ({@code 1|Z}); the client must answer {@code Z}. */
  record Heartbeat() implements DssFrame {}

  /** A message that is not a valid frame; {@code reason} says why (never the message itself). */
  record Malformed(String reason) implements DssFrame {}

  Heartbeat HEARTBEAT = new Heartbeat();
}
