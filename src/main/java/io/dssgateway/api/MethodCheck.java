package io.dssgateway.api;

import io.dssgateway.common.HttpError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * 405 with {@code Allow} for a known path asked with a method it does not serve. The router's
 * catch-all routes (credentials, static files, 404) would otherwise answer 401 or 404.
 */
final class MethodCheck implements Handler<RoutingContext> {

  private static final String NAME = "[^/]+";
  private final Map<Pattern, Set<HttpMethod>> paths = new LinkedHashMap<>();

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

  private void allow(String regex, HttpMethod method) {
    Set<HttpMethod> allowed = method == HttpMethod.GET ? Set.of(method, HttpMethod.HEAD, HttpMethod.OPTIONS) : Set.of(method, HttpMethod.OPTIONS);
    paths.put(Pattern.compile(regex.replace(".", "\\.")), allowed);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    HttpMethod method = ctx.request().method();
    for (Map.Entry<Pattern, Set<HttpMethod>> e : paths.entrySet()) {
      if (e.getKey().matcher(path).matches() && !e.getValue().contains(method)) {
        String allowed = e.getValue().stream().filter(m -> m != HttpMethod.HEAD && m != HttpMethod.OPTIONS)
            .map(HttpMethod::name).collect(Collectors.joining(", "));
        ctx.fail(new HttpError(405, "method_not_allowed", method.name() + " is not allowed on " + path + "; use " + allowed)
            .withHeader("Allow", allowed));
        return;
      }
    }
    ctx.next();
  }
}
