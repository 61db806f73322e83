package io.dssgateway.holder;

import io.dssgateway.hub.StreamKey;

/** An upstream subscription the gateway recorded, so a restart resumes it instead of leaking it. */
public record StoredStream(StreamKey key, long subscriptionId, String streamKey, long lastSeq) {

  @Override
  public String toString() {
    return "StoredStream["
        + key.canonical()
        + ", subscription "
        + subscriptionId
        + ", last seq "
        + lastSeq
        + "]";
  }
}
