package io.dssgateway.cluster;

/** What the cluster layer counts; the metrics layer supplies it. */
public interface ClusterObserver {

  ClusterObserver NONE = new ClusterObserver() {};

  default void busEventOut() {}

  default void busEventIn() {}

  /** This replica took over a stream whose holder died or drained. */
  default void handover() {}
}
