package io.dssgateway.ops;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request when it ends (for an SSE stream: when the stream ends), on the logger
 * {@code access}: method, path with the query (credential parameters redacted), status, duration
 * and bytes sent (status 499 when the connection closed before any answer). Never headers or bodies. Mount first: {@code router.route().handler(accessLog)}.
 */
public final class AccessLog implements Handler<RoutingContext> {

  public static final String LOGGER_NAME = "access";

  /** Query parameters whose values never reach the log. */
  public static final Set<String> REDACTED_PARAMS =
      Set.of("ticket", "access_token", "token", "stream_key");

  static final String REDACTED = "REDACTED";

  /** Logged as the status of a request whose connection closed before any answer (nginx's convention). */
  static final int CLIENT_CLOSED = 499;

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  private final boolean enabled;
  private final IntPredicate unloggedLocalPort;

  private AccessLog(boolean enabled, IntPredicate unloggedLocalPort) {
    this.enabled = enabled;
    this.unloggedLocalPort = unloggedLocalPort;
  }

  private boolean unlogged(HttpServerRequest request) {
    io.vertx.core.net.SocketAddress local = request.localAddress();
    return local != null && unloggedLocalPort.test(local.port());
  }

  /** The handler for {@code log.access}; when disabled it only passes the request on. */
  public static AccessLog create(boolean enabled) {
    return create(enabled, port -> false);
  }

  /** The same, leaving out requests that arrive on a local port the predicate names (the start-up warm-up's). */
  public static AccessLog create(boolean enabled, IntPredicate unloggedLocalPort) {
    return new AccessLog(enabled, unloggedLocalPort);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (enabled && !unlogged(ctx.request())) {
      long start = System.nanoTime();
      HttpServerRequest request = ctx.request();
      String method = request.method().name();
      String target = redact(request.uri());
      ctx.addEndHandler(
          ended -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            // a request abandoned before its answer (e.g. the body never finished) is 499, not the
            // default 200
            int status =
                ctx.response().headWritten() ? ctx.response().getStatusCode() : CLIENT_CLOSED;
            long bytes = ctx.response().bytesWritten();
            String outcome = ended.succeeded() ? "" : " (connection closed)";
            LOG.atInfo()
                .addKeyValue("method", method)
                .addKeyValue("uri", target)
                .addKeyValue("status", status)
                .addKeyValue("duration_ms", millis)
                .addKeyValue("bytes", bytes)
                .log("{} {} {} {}ms {}B{}", method, target, status, millis, bytes, outcome);
          });
    }
    ctx.next();
  }

  /** The request target with the values of {@link #REDACTED_PARAMS} replaced; other bytes kept as sent. */
  static String redact(String uri) {
    int q = uri.indexOf('?');
    if (q < 0) {
      return uri;
    }
    StringBuilder out = new StringBuilder(uri.length()).append(uri, 0, q + 1);
    String[] pairs = uri.substring(q + 1).split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && REDACTED_PARAMS.contains(decodedName(name))) {
        out.append(name).append('=').append(REDACTED);
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  private static String decodedName(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException malformed) {
      return name.toLowerCase(Locale.ROOT);
    }
  }
}
