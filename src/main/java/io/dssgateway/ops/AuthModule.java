package io.dssgateway.ops;

import io.dssgateway.api.AylaAccess;
import io.dssgateway.auth.AuthConfig;
import io.dssgateway.auth.AuthSettings;
import io.dssgateway.auth.ClusterSessions;
import io.dssgateway.auth.ClusterTickets;
import io.dssgateway.auth.CredentialHandler;
import io.dssgateway.auth.JwtIssuer;
import io.dssgateway.auth.LoginThrottle;
import io.dssgateway.auth.SessionCookie;
import io.dssgateway.auth.SessionStore;
import io.dssgateway.auth.StreamTickets;
import io.dssgateway.auth.TicketStore;
import io.dssgateway.auth.TokenVerifier;
import io.dssgateway.auth.UserSessions;
import io.dssgateway.common.Lifecycle;
import io.dssgateway.config.AppConfig;
import io.dssgateway.upstream.AylaClient;
import io.dssgateway.upstream.AylaEndpoints;
import io.dssgateway.upstream.AylaSession;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Who may do what: gateway sessions (the embedded store, or the cluster's shared state), stream
 * tickets, the JWT issuer and verifier, the login throttle, and which Ayla session acts for whom
 * (the service account's, signed in here in service mode). Sessions are checkpointed every second.
 */
final class AuthModule implements Lifecycle {

  private static final long CHECKPOINT_MILLIS = 1000;

  private final Vertx vertx;
  private final AppConfig config;
  private final AuthConfig auth;
  private final AylaClient ayla;
  private final AylaEndpoints endpoints;
  private final SessionStore sessions;
  private final StreamTickets tickets;
  private final LoginThrottle loginThrottle;
  private final SessionCookie cookie;
  private JwtIssuer issuer;
  private TokenVerifier verifier;
  private AylaSession service;
  private AylaAccess access;
  private CredentialHandler credentials;
  private long checkpointTimer = -1;

  AuthModule(
      Vertx vertx, AppConfig config, AylaClient ayla, AylaEndpoints endpoints, StoreModule store) {
    this.vertx = vertx;
    this.config = config;
    this.auth = AuthConfig.from(config);
    this.ayla = ayla;
    this.endpoints = endpoints;
    boolean shared =
        vertx.isClustered(); // sessions and tickets in the cluster's shared state, Ayla tokens
    // sealed
    this.sessions =
        shared
            ? new ClusterSessions(vertx, ayla, store.box(), auth.maxSessionsPerUser())
            : new UserSessions(store.pool(), ayla, store.box(), auth.maxSessionsPerUser());
    this.tickets = shared ? new ClusterTickets(vertx, auth) : new TicketStore(auth);
    this.loginThrottle = new LoginThrottle(auth);
    this.cookie = new SessionCookie(auth);
  }

  @Override
  public Future<Void> start() {
    return sessions
        .init()
        .compose(n -> signInService())
        .compose(
            signedIn ->
                JwtIssuer.create(vertx, auth)
                    .compose(
                        created -> {
                          service = signedIn;
                          issuer = created;
                          DevKeyCheck.check(
                              issuer.usesDevKey(),
                              endpoints,
                              config.bool(AuthSettings.JWT_ALLOW_DEV_KEY));
                          return TokenVerifier.create(vertx, auth, issuer);
                        })
                    .map(
                        created -> {
                          verifier = created;
                          access = new AylaAccess(auth.mode(), sessions, service);
                          credentials = new CredentialHandler(verifier, tickets, sessions, auth);
                          checkpointTimer =
                              vertx.setPeriodic(
                                  CHECKPOINT_MILLIS,
                                  id -> {
                                    sessions.checkpoint();
                                    tickets.purgeExpired();
                                  });
                          return null;
                        }));
  }

  /** Service mode signs in the configured Ayla account once; per-user mode has no such session. */
  private Future<AylaSession> signInService() {
    return auth.serviceMode()
        ? ayla.openSession(auth.serviceEmail(), auth.servicePassword())
        : Future.succeededFuture(null);
  }

  @Override
  public Future<Void> stop() {
    if (checkpointTimer >= 0) {
      vertx.cancelTimer(checkpointTimer);
    }
    return sessions
        .checkpoint()
        .eventually(sessions::close)
        .eventually(
            () -> {
              if (verifier != null) {
                verifier.close();
              }
              return Future.succeededFuture();
            });
  }

  AuthConfig config() {
    return auth;
  }

  /** The service account's Ayla session (service mode), else null. */
  AylaSession serviceSession() {
    return service;
  }

  SessionStore sessions() {
    return sessions;
  }

  StreamTickets tickets() {
    return tickets;
  }

  JwtIssuer issuer() {
    return issuer;
  }

  AylaAccess access() {
    return access;
  }

  CredentialHandler credentials() {
    return credentials;
  }

  LoginThrottle loginThrottle() {
    return loginThrottle;
  }

  SessionCookie cookie() {
    return cookie;
  }
}
