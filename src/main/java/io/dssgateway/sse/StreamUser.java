package io.dssgateway.sse;

import io.dssgateway.hub.Filter;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Who is reading a stream, as the SSE layer needs it: the Ayla scope whose streams they share,
 * a key for per-user limits, when their credential expires, which filters they may ask for, and
 * the gateway session the credential belongs to (null for external tokens): when it ends, the stream ends.
 */
public record StreamUser(String scope, String limitKey, Instant expiresAt, Predicate<Filter> permits, String sessionId) {

  public StreamUser(String scope, String limitKey, Instant expiresAt, Predicate<Filter> permits) {
    this(scope, limitKey, expiresAt, permits, null);
  }
}
