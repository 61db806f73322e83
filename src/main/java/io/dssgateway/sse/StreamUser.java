package io.dssgateway.sse;

import java.time.Instant;

/**
 * Who is reading a stream, as the SSE layer needs it: the Ayla scope whose streams they share,
 * a key for per-user limits, when their credential expires, and the gateway session the
 * credential belongs to (null for external tokens): when it ends, the stream ends. Which
 * filters they may ask for is settled before the stream is opened.
 */
public record StreamUser(String scope, String limitKey, Instant expiresAt, String sessionId) {

  public StreamUser(String scope, String limitKey, Instant expiresAt) {
    this(scope, limitKey, expiresAt, null);
  }
}
