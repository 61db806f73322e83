package io.dssgateway.ops;

import io.dssgateway.cluster.ClusterObserver;
import io.dssgateway.hub.HubStream;
import io.dssgateway.sse.SseObserver;

/** Feeds what the hub and the SSE layer report into {@link GatewayMetrics}. */
final class MetricsObserver implements SseObserver, HubStream.EventCounter, ClusterObserver {

  private final GatewayMetrics metrics;

  MetricsObserver(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void eventIn(String eventType) {
    metrics.eventIn(eventType);
  }

  @Override
  public void upstreamActivity(long heartbeats, long reconnects) {
    metrics.heartbeatsAnswered(heartbeats);
    metrics.reconnects(reconnects);
  }

  @Override
  public void connectionOpened() {
    metrics.sseOpened();
  }

  @Override
  public void connectionClosed() {
    metrics.sseClosed();
  }

  @Override
  public void eventsOut(String eventType, int count) {
    metrics.eventsOut(eventType, count);
  }

  @Override
  public void fanoutSince(long arrivalNanos) {
    metrics.fanOutSince(arrivalNanos);
  }

  @Override
  public void replayed(int events) {
    metrics.replayHit();
  }

  @Override
  public void gap() {
    metrics.gap();
  }

  @Override
  public void slowClientCut() {
    metrics.slowClientDisconnected();
  }

  @Override
  public void busEventIn() {
    metrics.busEventsIn(1);
  }

  @Override
  public void busEventOut() {
    metrics.busEventsOut(1);
  }

  @Override
  public void handover() {
    metrics.handover();
  }
}
