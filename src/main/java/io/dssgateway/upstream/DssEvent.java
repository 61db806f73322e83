package io.dssgateway.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * One DSS event as received: its seq and the metadata the gateway routes on, plus the event's
 * JSON bytes exactly as received, so downstream can forward them without re-serializing.
 */
public record DssEvent(long seq, String eventType, String oemModel, String dsn, String propertyName, Buffer json) {
}
