package io.dssgateway.api;

import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.Principal;
import io.dssgateway.hub.Hub;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/streams}: the shared streams of the caller's scope that its claims cover. Never a stream key. */
final class StreamRoutes {

  private final Hub hub;
  private final AylaAccess access;

  StreamRoutes(Hub hub, AylaAccess access) {
    this.hub = hub;
    this.access = access;
  }

  void mount(Router router) {
    router.get("/api/streams").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    Principal principal = CredentialHandler.principal(ctx);
    String scope = access.scopeOf(principal);
    hub.streams(key -> key.scope().equals(scope) && AylaAccess.permits(principal, key.filter()))
        .onSuccess(streams -> ctx.json(new JsonObject().put("streams", streams)))
        .onFailure(ctx::fail);
  }
}
