package io.dssgateway.history;

import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamTap;

/**
 * Seqs of a collected stream that the upstream skipped (asked for again, it no longer had them):
 * lost for good. Stored with the event that came after them, so a stream's progress never passes
 * seqs that are neither stored nor on record. The stream's filter tells which history queries the
 * hole concerns.
 */
record LostSeqs(long fromSeq, long toSeq, String reason, Filter filter) {

  /** The upstream delivered a later seq than the next one, and does not have the ones between any more. */
  static final String UPSTREAM_SKIPPED = "upstream_skipped";

  long count() {
    return toSeq - fromSeq + 1;
  }

  StreamTap.Missing missing() {
    return new StreamTap.Missing(fromSeq, toSeq, reason);
  }
}
