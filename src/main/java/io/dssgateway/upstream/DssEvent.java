package io.dssgateway.upstream;

import io.vertx.core.buffer.Buffer;

/**
 * One DSS event as received: the few fields the gateway routes on, and the event's JSON bytes
 * exactly as Ayla sent them, so downstream can forward them without re-serializing.
 * {@code eventType}, {@code oemModel}, {@code dsn} and {@code propertyName} are null when the
 * event's metadata does not carry them.
 */
public record DssEvent(
    long seq, String eventType, String oemModel, String dsn, String propertyName, Buffer json)
    implements DssFrame {}
