package io.dssgateway.api;

import io.dssgateway.auth.AuthConfig;
import io.dssgateway.auth.Principal;
import io.dssgateway.auth.SessionStore;
import io.dssgateway.auth.UserSession;
import io.dssgateway.hub.Filter;
import io.dssgateway.sse.StreamUser;
import io.dssgateway.upstream.AylaErrors;
import io.dssgateway.upstream.AylaSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which Ayla session acts for whom. Per-user mode: a user's streams run in their own Ayla scope
 * and are shared among their browsers. Service mode: one configured Ayla account serves every
 * browser; the JWT's claims limit what each may read.
 */
public final class AylaAccess {

  static final String SERVICE_SCOPE = "service";
  private static final String USER_PREFIX = "user:";

  private final AuthConfig.Mode mode;
  private final SessionStore sessions;
  private final AylaSession service;
  private volatile String accountSubject;
  private volatile AylaSession accountSession;

  public AylaAccess(AuthConfig.Mode mode, SessionStore sessions, AylaSession service) {
    this.mode = mode;
    this.sessions = sessions;
    this.service = service;
  }

  /**
   * A gateway-held session for one user's scope (per-user mode: the account collected streams run
   * under), used when that user has no session of their own; answers the scope its streams share.
   */
  public String holdAccount(String subject, AylaSession session) {
    this.accountSubject = subject;
    this.accountSession = session;
    return serviceMode() ? SERVICE_SCOPE : USER_PREFIX + subject;
  }

  public boolean serviceMode() {
    return mode == AuthConfig.Mode.SERVICE;
  }

  public String scopeOf(Principal p) {
    return serviceMode() ? SERVICE_SCOPE : USER_PREFIX + p.subject();
  }

  /** The session that opens streams of a scope: the service account, or the user's newest session. */
  public Optional<AylaSession> forScope(String scope) {
    return sessionsFor(scope).stream().findFirst();
  }

  /**
   * Every session that can act for a scope, preferred first: the service account; or the user's
   * newest session, then the one the gateway holds for that user's collected streams.
   */
  public List<AylaSession> sessionsFor(String scope) {
    if (SERVICE_SCOPE.equals(scope)) {
      return service == null ? List.of() : List.of(service);
    }
    if (!scope.startsWith(USER_PREFIX)) {
      return List.of();
    }
    String subject = scope.substring(USER_PREFIX.length());
    List<AylaSession> found = new ArrayList<>(2);
    sessions.latestFor(subject).ifPresent(found::add);
    AylaSession held = accountSession;
    if (held != null && subject.equals(accountSubject) && !found.contains(held)) {
      found.add(held);
    }
    return found;
  }

  /** The session that makes a caller's device calls. */
  public AylaSession forPrincipal(Principal p) {
    Optional<AylaSession> session =
        serviceMode()
            ? Optional.ofNullable(service)
            : sessions
                .get(p.sessionId())
                .map(UserSession::ayla)
                .or(() -> sessions.latestFor(p.subject()));
    return session.orElseThrow(
        () ->
            AylaErrors.noSession(
                "No Ayla session for this credential; sign in with POST /api/login"));
  }

  public StreamUser streamUser(Principal p) {
    return new StreamUser(scopeOf(p), p.subject(), p.expiresAt(), p.sessionId());
  }

  /** True when every (model, DSN) the filter can match is one the principal may read. */
  static boolean permits(Principal p, Filter filter) {
    return within(p.oemModels(), filter.oemModels()) && within(p.dsns(), filter.dsns());
  }

  private static boolean within(Set<String> allowed, Set<String> requested) {
    return allowed == null || !requested.isEmpty() && allowed.containsAll(requested);
  }
}
