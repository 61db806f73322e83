package io.dssgateway.history;

/** What storing history reports to metrics; the operations layer supplies it. */
public interface HistoryObserver {

  HistoryObserver NONE = new HistoryObserver() {};

  /** A batch of {@code events} was stored (database and files) in {@code nanos}. */
  default void batchStored(int events, long nanos) {}

  /** A sink ({@code database} or {@code files}) failed a batch; it is written again later. */
  default void sinkError(String sink) {}

  /** A stored batch recorded {@code events} seqs as lost for good (the upstream skipped them). */
  default void lost(long events) {}

  /** A collected stream stopped taking events: the lag bound was hit; it reads its upstream again once storing caught up. */
  default void paused() {}
}
