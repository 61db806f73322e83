package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * DSS REST: {@code POST/GET /api/v1/subscriptions.json}, {@code GET/DELETE /api/v1/subscriptions/{id}.json}.
 * Every call needs {@code Authorization: auth_token <token>}; a user sees only their own subscriptions.
 */
final class SubscriptionRoutes {

  private final Accounts accounts;
  private final Subscriptions subscriptions;

  SubscriptionRoutes(Accounts accounts, Subscriptions subscriptions) {
    this.accounts = accounts;
    this.subscriptions = subscriptions;
  }

  void mount(Router router) {
    router.post("/api/v1/subscriptions.json").handler(this::create);
    router.get("/api/v1/subscriptions.json").handler(this::list);
    router.getWithRegex("/api/v1/subscriptions/([^/]+)\\.json").handler(this::get);
    router.deleteWithRegex("/api/v1/subscriptions/([^/]+)\\.json").handler(this::delete);
  }

  private void create(RoutingContext ctx) {
    Accounts.Account user = accounts.authenticate(ctx.request().getHeader("Authorization"));
    SimSubscription s =
        subscriptions.create(user.uuid(), SubscriptionRequest.parse(Bodies.object(ctx)));
    ctx.response().setStatusCode(201);
    ctx.json(s.toJson());
  }

  private void list(RoutingContext ctx) {
    Accounts.Account user = accounts.authenticate(ctx.request().getHeader("Authorization"));
    JsonArray out = new JsonArray();
    subscriptions.of(user.uuid()).forEach(s -> out.add(s.toJson()));
    ctx.json(out);
  }

  private void get(RoutingContext ctx) {
    ctx.json(owned(ctx).toJson());
  }

  private void delete(RoutingContext ctx) {
    SimSubscription s = owned(ctx);
    subscriptions.delete(s);
    ctx.json(s.toJson());
  }

  private SimSubscription owned(RoutingContext ctx) {
    Accounts.Account user = accounts.authenticate(ctx.request().getHeader("Authorization"));
    String raw = ctx.pathParam("param0");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw HttpError.notFound("No subscription " + raw);
    }
    return subscriptions.owned(user.uuid(), id);
  }
}
