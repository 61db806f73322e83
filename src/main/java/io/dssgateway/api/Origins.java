package io.dssgateway.api;

import io.dssgateway.common.HttpError;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The browser origins the gateway trusts: its own (the origin whose host and port are the
 * request's {@code Host}; either scheme, since TLS usually ends at a proxy in front) and those
 * listed in {@code http.cors-origins}. Compared case-insensitively, without a trailing slash.
 */
final class Origins {

  private final Set<String> listed;

  Origins(List<String> corsOrigins) {
    this.listed =
        corsOrigins.stream().map(Origins::normalize).collect(Collectors.toUnmodifiableSet());
  }

  /** 403 {@code origin_not_allowed}: a request from an origin the gateway does not trust. */
  static HttpError notAllowed(String message) {
    return HttpError.forbidden("origin_not_allowed", message);
  }

  boolean anyListed() {
    return !listed.isEmpty();
  }

  boolean isListed(String origin) {
    return listed.contains(normalize(origin));
  }

  /** The gateway's own origin or a listed one; {@code null} and {@code "null"} (opaque origins) are neither. */
  boolean isAllowed(HttpServerRequest request, String origin) {
    return origin != null && (isOwn(request, origin) || isListed(origin));
  }

  /** Whether {@code origin} names the host and port this request was sent to. */
  static boolean isOwn(HttpServerRequest request, String origin) {
    HostAndPort authority = request.authority();
    if (origin == null || authority == null) {
      return false;
    }
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      return false;
    }
    int defaultPort = scheme.equals("https") ? 443 : 80;
    int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
    int hostPort = authority.port() < 0 ? defaultPort : authority.port();
    return uri.getHost().equalsIgnoreCase(authority.host()) && originPort == hostPort;
  }

  private static String normalize(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
