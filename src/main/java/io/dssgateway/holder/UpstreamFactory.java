package io.dssgateway.holder;

import io.dssgateway.hub.EventTypes;
import io.dssgateway.hub.Filter;
import io.dssgateway.hub.StreamEvent;
import io.dssgateway.hub.StreamKey;
import io.dssgateway.hub.UpstreamProvider;
import io.dssgateway.upstream.DssEvent;
import io.dssgateway.upstream.StreamConfig;
import io.dssgateway.upstream.Subscription;
import io.dssgateway.upstream.SubscriptionSpec;
import io.dssgateway.upstream.UpstreamStream;
import io.dssgateway.vertx.EventLoops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.util.function.Supplier;

/** Turns a hub key into an Ayla subscription spec, and runs a DSS stream that feeds a hub listener. */
public final class UpstreamFactory {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String wsUrl;
  private final String clientType;
  private final StreamConfig config;

  public UpstreamFactory(
      Vertx vertx, WebSocketClient client, String wsUrl, String clientType, StreamConfig config) {
    this.vertx = vertx;
    this.client = client;
    this.wsUrl = wsUrl;
    this.clientType = clientType;
    this.config = config;
  }

  public SubscriptionSpec spec(StreamKey key) {
    Filter f = key.filter();
    String properties =
        EventTypes.hasProperties(key.eventType()) ? Filter.render(f.properties()) : null;
    return new SubscriptionSpec(
        key.eventType(),
        Filter.render(f.oemModels()),
        Filter.render(f.dsns()),
        properties,
        clientType,
        "dss-gateway",
        key.canonical());
  }

  /**
   * A stream of {@code sub} after {@code lastSeq}, not started; a lost subscription is recreated with
   * {@code recreate}. With {@code ownLoop}, its socket and frames run on the next event loop in turn
   * (the sockets of many streams spread over the loops, each decoding its own frames) and {@code
   * hubListener} is called on the caller's context, in order. A subscription recorded before (a
   * restart, another holder) is marked by the caller with {@link UpstreamStream#resumedFromRecord}.
   */
  public UpstreamStream stream(
      Subscription sub,
      long lastSeq,
      UpstreamProvider.Listener hubListener,
      Supplier<Future<Subscription>> recreate,
      boolean ownLoop) {
    UpstreamProvider.Listener listener =
        ownLoop ? new HubBoundListener(hubListener, vertx.getOrCreateContext()) : hubListener;
    UpstreamStream stream =
        new UpstreamStream(
            vertx, config, client, wsUrl, sub, lastSeq, e -> listener.onEvent(toHub(e)), recreate);
    if (ownLoop) {
      stream.on(EventLoops.next(vertx));
    }
    return stream.listener(
        new UpstreamStream.Listener() {
          @Override
          public void resubscribed(UpstreamStream s, Subscription previous, Subscription current) {
            listener.onResubscribed(current.id());
          }

          @Override
          public void stateChanged(
              UpstreamStream s, UpstreamStream.State from, UpstreamStream.State to) {
            if (to == UpstreamStream.State.LIVE) {
              listener.onUpstream(true);
            } else if (from == UpstreamStream.State.LIVE
                && (to == UpstreamStream.State.BACKING_OFF
                    || to == UpstreamStream.State.CONNECTING)) {
              listener.onUpstream(false);
            }
          }
        });
  }

  public static StreamEvent toHub(DssEvent e) {
    return new StreamEvent(
        e.seq(), e.eventType(), e.oemModel(), e.dsn(), e.propertyName(), e.json());
  }
}
