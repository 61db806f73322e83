package io.dssgateway.common;

/**
 * Where a reader stands in one upstream stream: the incarnation of the Ayla subscription it reads
 * (its id: a recreated subscription gets a new one and starts its seqs again at 1) and the last seq
 * it has. Every reader of events — the DSS socket, the cluster's bus reader, the hub's stream, each
 * browser — asks it what an arriving event is, so "new", "duplicate", "skipped some" and "a new
 * incarnation" mean the same everywhere. Not thread-safe: each reader keeps its own, on its own thread.
 */
public final class Position {

  /** What an arriving event is to this reader. */
  public enum Arrival {
    /** The first event of the first subscription this reader sees. */
    FIRST,
    /** The seq right after the last one. */
    NEXT,
    /** Newer, but seqs between were never seen: the upstream skipped them. */
    AFTER_SKIP,
    /** Of another subscription than the one read so far: a new seq space. */
    RESUBSCRIBED,
    /** At or below the last seq: already had. */
    DUPLICATE;

    /** True for every arrival but a duplicate: the reader takes it, and has moved to it. */
    public boolean isNew() {
      return this != DUPLICATE;
    }

    /** True when the event opens a subscription the reader had not read before. */
    public boolean opensSubscription() {
      return this == FIRST || this == RESUBSCRIBED;
    }
  }

  private long subscriptionId;
  private long lastSeq;

  /** A reader that has seen nothing yet. */
  public Position() {}

  /** A reader that has seen {@code subscriptionId} up to {@code lastSeq} (0 = none of its events). */
  public Position(long subscriptionId, long lastSeq) {
    this.subscriptionId = subscriptionId;
    this.lastSeq = lastSeq;
  }

  /** Classifies an event and, unless it is a duplicate, moves past it. */
  public Arrival arrive(long subscriptionId, long seq) {
    if (subscriptionId != this.subscriptionId) {
      boolean first = this.subscriptionId == 0;
      this.subscriptionId = subscriptionId;
      this.lastSeq = seq;
      return first ? Arrival.FIRST : Arrival.RESUBSCRIBED;
    }
    if (seq <= lastSeq) {
      return Arrival.DUPLICATE;
    }
    boolean skipped = seq != lastSeq + 1;
    lastSeq = seq;
    return skipped ? Arrival.AFTER_SKIP : Arrival.NEXT;
  }

  /** An event of the subscription already read: see {@link #arrive(long, long)}. */
  public Arrival arrive(long seq) {
    return arrive(subscriptionId, seq);
  }

  /**
   * The upstream reads {@code subscriptionId} from after {@code afterSeq}: a subscription other than the
   * current one starts from nothing, the current one never moves back (events up to the later of the two
   * were had).
   */
  public void resume(long subscriptionId, long afterSeq) {
    if (subscriptionId != this.subscriptionId) {
      this.subscriptionId = subscriptionId;
      this.lastSeq = 0;
    }
    this.lastSeq = Math.max(lastSeq, afterSeq);
  }

  /** The subscription was recreated: a new seq space, nothing of it had yet. */
  public void resubscribed(long newSubscriptionId) {
    this.subscriptionId = newSubscriptionId;
    this.lastSeq = 0;
  }

  /** Reads the current subscription again from after {@code afterSeq} (a reader that fell behind). */
  public void rewind(long afterSeq) {
    this.lastSeq = Math.max(0, afterSeq);
  }

  public long subscriptionId() {
    return subscriptionId;
  }

  public long lastSeq() {
    return lastSeq;
  }

  @Override
  public String toString() {
    return subscriptionId + ":" + lastSeq;
  }
}
