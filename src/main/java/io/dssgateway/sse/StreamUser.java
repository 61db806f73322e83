package io.dssgateway.sse;

import io.dssgateway.hub.Filter;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Who is reading a stream, as the SSE layer needs it: the Ayla scope whose streams they share,
 * a key for per-user limits, when their credential expires, and which filters they may ask for.
 */
public record StreamUser(String scope, String limitKey, Instant expiresAt, Predicate<Filter> permits) {
}
