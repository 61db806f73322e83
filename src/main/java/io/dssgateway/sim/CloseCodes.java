package io.dssgateway.sim;

/**
 * WebSocket close codes the simulator uses (Ayla documents none; these are our choices).
 * 1000-range codes are RFC 6455's; 4xxx are application codes.
 */
final class CloseCodes {

  /** The simulator stops (or restarts). */
  static final short GOING_AWAY = 1001;

  /** The client sent something other than {@code Z} (a binary frame, any other text). */
  static final short POLICY_VIOLATION = 1008;

  /** {@code POST /sim/sockets/drop}: like a cloud-side restart; clients reconnect and resume. */
  static final short SERVICE_RESTART = 1012;

  /** The client could not keep up: its write queue overflowed. Reconnect and resume with seq_start. */
  static final short TRY_AGAIN_LATER = 1013;

  /** The client left two heartbeats unanswered. */
  static final short HEARTBEAT_TIMEOUT = 4000;

  /** The subscription was deleted (REST DELETE or {@code DELETE /sim/subscriptions}). */
  static final short SUBSCRIPTION_DELETED = 4004;

  /** {@code DELETE /stream?stream_key=..} closed the connection from outside. */
  static final short CLOSED_BY_REQUEST = 4005;

  private CloseCodes() {}
}
