package io.dssgateway.upstream;

import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The DSS WebSocket URL split for Vert.x: {@code wss} means TLS (with hostname verification by the client). */
record StreamUrl(String host, int port, boolean ssl, String path) {

  static StreamUrl parse(String wsUrl) {
    URI uri = URI.create(wsUrl);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    boolean ssl =
        switch (scheme) {
          case "wss", "https" -> true;
          case "ws", "http" -> false;
          default ->
              throw new IllegalArgumentException(
                  "DSS WebSocket URL must be ws:// or wss://, not " + scheme);
        };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("DSS WebSocket URL has no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new StreamUrl(uri.getHost(), port, ssl, path);
  }

  WebSocketConnectOptions connectOptions(String streamKey, long seqStart, long timeoutMs) {
    String query =
        "?stream_key="
            + URLEncoder.encode(streamKey, StandardCharsets.UTF_8)
            + "&seq_start="
            + seqStart;
    return new WebSocketConnectOptions()
        .setHost(host)
        .setPort(port)
        .setSsl(ssl)
        .setURI(path + query)
        .setConnectTimeout(timeoutMs);
  }
}
