package io.dssgateway.auth;

import io.dssgateway.common.HttpError;

/**
 * The RFC 6750 errors, each with a stable JSON code and the Bearer challenge. Messages stay
 * generic: why a token failed goes to the debug log, never to the client.
 */
public final class AuthErrors {

  public static final String REALM = "dss-gateway";
  static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";

  private AuthErrors() {}

  /** No credential at all: 401 {@code missing_credentials}, challenge without an error code. */
  public static HttpError missingCredentials() {
    return HttpError.unauthorized("missing_credentials", "Authentication is required")
        .withHeader("WWW-Authenticate", CHALLENGE);
  }

  /** A token that does not verify (garbage, expired, wrong key, issuer or audience, logged out). */
  public static HttpError invalidToken() {
    return HttpError.unauthorized("invalid_token", "The access token is invalid or expired")
        .withHeader("WWW-Authenticate", challenge("invalid_token"));
  }

  /** A ticket that is unknown, expired or already used. */
  public static HttpError invalidTicket() {
    return HttpError.unauthorized(
            "invalid_ticket", "The ticket is invalid, expired or already used; request a new one")
        .withHeader("WWW-Authenticate", challenge("invalid_token"));
  }

  public static HttpError invalidRequest(int status, String message) {
    return new HttpError(status, "invalid_request", message)
        .withHeader("WWW-Authenticate", challenge("invalid_request"));
  }

  /** A valid credential without the grant for this resource; {@code message} says which resource. */
  public static HttpError insufficientScope(String message) {
    return HttpError.forbidden("insufficient_scope", message)
        .withHeader("WWW-Authenticate", challenge("insufficient_scope"));
  }

  /** The external issuer's keys could not be fetched, so the token cannot be checked now. */
  static HttpError keysUnavailable() {
    return authUnavailable("The token issuer's keys are not available; try again later");
  }

  /** The cluster's shared sessions or tickets could not be reached, so the credential cannot be checked now. */
  static HttpError sharedStateUnavailable() {
    return authUnavailable("Sign-in state shared by the cluster is not reachable; try again later");
  }

  private static HttpError authUnavailable(String message) {
    return HttpError.unavailable("auth_unavailable", message).withHeader("Retry-After", "5");
  }

  private static String challenge(String error) {
    return CHALLENGE + ", error=\"" + error + "\"";
  }
}
