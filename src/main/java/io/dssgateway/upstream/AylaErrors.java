package io.dssgateway.upstream;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonObject;

/** What a caller is told when Ayla turned a request down or no Ayla session can make it. */
public final class AylaErrors {

  private AylaErrors() {}

  public static HttpError rejected(String message, JsonObject details) {
    return HttpError.unprocessable("rejected_by_ayla", message, details);
  }

  public static HttpError noSession(String message) {
    return HttpError.forbidden("no_ayla_session", message);
  }
}
