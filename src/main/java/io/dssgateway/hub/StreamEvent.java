package io.dssgateway.hub;

import io.vertx.core.buffer.Buffer;

/**
 * One upstream event as the hub routes it: its seq in the subscription's seq space, the fields
 * filters match on (null when the event does not carry them), and its JSON exactly as received,
 * so nothing downstream re-serializes it.
 */
public record StreamEvent(
    long seq, String eventType, String oemModel, String dsn, String propertyName, Buffer json) {}
