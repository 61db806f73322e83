package io.dssgateway.upstream;

import io.dssgateway.common.HttpError;
import io.vertx.core.json.JsonObject;

/**
 * An Ayla call failed: {@link #status()} is the upstream HTTP status (0 when no response came:
 * connection refused, timeout) and {@link #body()} the upstream response body as received.
 * {@link #toHttpError()} maps it to what the gateway answers its own clients.
 */
public final class AylaException extends RuntimeException {

  private final int status;
  private final String body;

  public AylaException(int status, String body, String message) {
    this(status, body, message, null);
  }

  public AylaException(int status, String body, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.body = body == null ? "" : body;
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }

  public boolean isUnauthorized() {
    return status == 401;
  }

  /** No response, or a response that says "try again later" (408, 429, 5xx). */
  public boolean isTransient() {
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }

  /**
   * 401 stays 401 (the Ayla session is no longer valid); 400/403/404/409/422 pass through with the
   * upstream JSON body under {@code upstream}; no answer or 5xx become 502 {@code upstream_unavailable}.
   */
  public HttpError toHttpError() {
    return switch (status) {
      case 401 ->
          HttpError.unauthorized(
              "ayla_unauthorized", "The Ayla session is no longer valid; sign in again");
      case 400, 403, 404, 409, 422 ->
          new HttpError(
              status, "upstream_rejected", "Ayla rejected the request", upstreamDetails());
      case 429 ->
          HttpError.tooManyRequests("upstream_rate_limited", "Ayla is rate limiting; retry later");
      default -> HttpError.upstreamUnavailable("Ayla did not answer as expected");
    };
  }

  private JsonObject upstreamDetails() {
    try {
      return new JsonObject().put("upstream", new JsonObject(body));
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
