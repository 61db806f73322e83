package io.dssgateway.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The Ayla user service: {@code POST /users/sign_in}, {@code /users/refresh_token},
 * {@code /users/sign_out}, each also with a {@code .json} suffix. Sign-in requires user.email,
 * user.password and user.application.app_id/app_secret (any app is accepted); missing ones → 422.
 */
final class UserRoutes {

  private final Accounts accounts;
  private final SimStats stats;

  UserRoutes(Accounts accounts, SimStats stats) {
    this.accounts = accounts;
    this.stats = stats;
  }

  void mount(Router router) {
    for (String suffix : new String[] {"", ".json"}) {
      router.post("/users/sign_in" + suffix).handler(this::signIn);
      router.post("/users/refresh_token" + suffix).handler(this::refresh);
      router.post("/users/sign_out" + suffix).handler(this::signOut);
    }
  }

  private void signIn(RoutingContext ctx) {
    Bodies.Errors errors = new Bodies.Errors();
    JsonObject user = errors.object(Bodies.object(ctx), "user", "user");
    String email = errors.string(user, "email", "user.email");
    String password = errors.string(user, "password", "user.password");
    JsonObject app = errors.object(user, "application", "user.application");
    errors.string(app, "app_id", "user.application.app_id");
    errors.string(app, "app_secret", "user.application.app_secret");
    errors.throwIfAny("Invalid sign-in");
    stats.signIns++;
    ctx.json(tokens(accounts.signIn(email, password)));
  }

  private void refresh(RoutingContext ctx) {
    Bodies.Errors errors = new Bodies.Errors();
    JsonObject user = errors.object(Bodies.object(ctx), "user", "user");
    String refreshToken = errors.string(user, "refresh_token", "user.refresh_token");
    errors.throwIfAny("Invalid refresh");
    ctx.json(tokens(accounts.refresh(refreshToken)));
  }

  private void signOut(RoutingContext ctx) {
    Bodies.Errors errors = new Bodies.Errors();
    JsonObject user = errors.object(Bodies.object(ctx), "user", "user");
    String accessToken = errors.string(user, "access_token", "user.access_token");
    errors.throwIfAny("Invalid sign-out");
    accounts.signOut(accessToken);
    ctx.json(new JsonObject().put("logout", "ok"));
  }

  private JsonObject tokens(Accounts.Session s) {
    return new JsonObject()
        .put("access_token", s.accessToken())
        .put("refresh_token", s.refreshToken())
        .put("expires_in", accounts.ttlSeconds())
        .put("role", "EndUser")
        .put("role_tags", new JsonArray());
  }
}
