package io.dssgateway.hub;

import io.dssgateway.common.HttpError;

/** What an attach is refused with when its stream did not open, from the hub or an upstream provider. */
public final class StreamErrors {

  private StreamErrors() {}

  public static HttpError upstreamTimeout() {
    return HttpError.gatewayTimeout(
        "upstream_timeout", "The Ayla stream did not open in time; retry");
  }

  public static HttpError streamClosed(String message) {
    return HttpError.unavailable("stream_closed", message);
  }
}
