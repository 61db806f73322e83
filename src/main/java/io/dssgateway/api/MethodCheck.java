package io.dssgateway.api;

import io.dssgateway.common.HttpError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 405 with {@code Allow} for a known path asked with a method it does not serve. The router's
 * catch-all routes (credentials, static files, 404) would otherwise answer 401 or 404.
 */
final class MethodCheck implements Handler<RoutingContext> {

  private static final String NAME = "{name}";
  private final List<Rule> rules = new ArrayList<>();

  MethodCheck() {
    allow("/api/login", HttpMethod.POST);
    allow("/api/logout", HttpMethod.POST);
    allow("/api/tickets", HttpMethod.POST);
    allow("/api/streams", HttpMethod.GET);
    allow("/api/devices", HttpMethod.GET);
    allow("/api/devices/" + NAME + "/properties", HttpMethod.GET);
    allow("/api/devices/" + NAME + "/properties/" + NAME + "/datapoints", HttpMethod.POST);
    allow("/events", HttpMethod.GET);
    allow("/.well-known/jwks.json", HttpMethod.GET);
  }

  private void allow(String template, HttpMethod method) {
    Set<HttpMethod> allowed =
        method == HttpMethod.GET
            ? Set.of(method, HttpMethod.HEAD, HttpMethod.OPTIONS)
            : Set.of(method, HttpMethod.OPTIONS);
    rules.add(new Rule(template.split("/", -1), allowed));
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    HttpMethod method = ctx.request().method();
    for (Rule rule : rules) {
      if (!rule.allowed().contains(method) && rule.matches(path)) {
        String allowed =
            rule.allowed().stream()
                .filter(m -> m != HttpMethod.HEAD && m != HttpMethod.OPTIONS)
                .map(HttpMethod::name)
                .collect(Collectors.joining(", "));
        ctx.fail(
            HttpError.methodNotAllowed(
                    method.name() + " is not allowed on " + path + "; use " + allowed)
                .withHeader("Allow", allowed));
        return;
      }
    }
    ctx.next();
  }

  /** A path template's segments, {@code {name}} standing for any non-empty segment; matched without a regex or a copy. */
  private record Rule(String[] segments, Set<HttpMethod> allowed) {

    boolean matches(String path) {
      int at = 0;
      for (int i = 0; i < segments.length; i++) {
        int end = path.indexOf('/', at);
        if (end < 0) {
          end = path.length();
        }
        if ((end == path.length()) != (i == segments.length - 1)) {
          return false;
        }
        String segment = segments[i];
        boolean same =
            segment.equals(NAME)
                ? end > at
                : segment.length() == end - at && path.startsWith(segment, at);
        if (!same) {
          return false;
        }
        at = end + 1;
      }
      return true;
    }
  }
}
