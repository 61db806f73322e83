package io.dssgateway.sim;

import io.dssgateway.common.HttpError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The simulated Ayla user service state: accounts (from {@code sim.accounts}, {@code email:password}),
 * access tokens that expire after the configured TTL, and refresh tokens that never expire but
 * die with sign-out. Any app_id/app_secret is accepted (the simulator has no application registry).
 */
final class Accounts {

  /** A simulated Ayla user. */
  record Account(String email, String password, String uuid) {}

  /** The tokens of one sign-in. */
  record Session(Account account, String accessToken, String refreshToken, long expiresAtMillis) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Sessions kept at once; beyond it the oldest sign-in is forgotten (a sign-in flood can't grow memory). */
  static final int MAX_SESSIONS = 100_000;

  private final Map<String, Account> byEmail = new LinkedHashMap<>();
  private final Map<String, Session> byAccessToken = new HashMap<>();
  private final Map<String, Session> byRefreshToken = new LinkedHashMap<>();
  private final long ttlSeconds;
  private final LongSupplier clock;

  Accounts(List<String> specs, long ttlSeconds, LongSupplier clock) {
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
    for (String spec : specs) {
      int colon = spec.indexOf(':');
      if (colon <= 0 || colon == spec.length() - 1) {
        throw new IllegalArgumentException("sim.accounts entries must be email:password");
      }
      String email = spec.substring(0, colon).trim();
      byEmail.put(
          email.toLowerCase(), new Account(email, spec.substring(colon + 1), uuidOf(email)));
    }
  }

  /** The account that owns the virtual devices when no owner is named: the first configured one. */
  Optional<Account> first() {
    return byEmail.values().stream().findFirst();
  }

  Optional<Account> byEmail(String email) {
    return Optional.ofNullable(byEmail.get(email.toLowerCase()));
  }

  long ttlSeconds() {
    return ttlSeconds;
  }

  Session signIn(String email, String password) {
    Account account = byEmail.get(email.toLowerCase());
    if (account == null || !account.password().equals(password)) {
      throw unauthorized("Invalid email or password");
    }
    return issue(account);
  }

  Session refresh(String refreshToken) {
    Session old = byRefreshToken.remove(refreshToken);
    if (old == null) {
      throw unauthorized("Invalid refresh token");
    }
    byAccessToken.remove(old.accessToken());
    return issue(old.account());
  }

  /** Ends the session of an access token (expired ones too); unknown tokens are a 401. */
  void signOut(String accessToken) {
    Session session = byAccessToken.remove(accessToken);
    if (session == null) {
      throw unauthorized("Invalid access token");
    }
    byRefreshToken.remove(session.refreshToken());
  }

  /** The account of an {@code Authorization: auth_token <token>} header, or a 401. */
  Account authenticate(String authorizationHeader) {
    if (authorizationHeader == null) {
      throw unauthorized("Missing Authorization: auth_token header");
    }
    String h = authorizationHeader.trim();
    int space = h.indexOf(' ');
    if (space < 0 || !h.substring(0, space).equalsIgnoreCase("auth_token")) {
      throw unauthorized("Authorization must be 'auth_token <access_token>'");
    }
    Session session = byAccessToken.get(h.substring(space + 1).trim());
    if (session == null) {
      throw unauthorized("Invalid access token");
    }
    if (clock.getAsLong() >= session.expiresAtMillis()) {
      throw unauthorized("Access token expired");
    }
    return session.account();
  }

  /** Expires every current access token now; refresh tokens stay valid. */
  int expireAll() {
    long now = clock.getAsLong();
    List<Session> all = new ArrayList<>(byAccessToken.values());
    all.forEach(
        s -> {
          Session expired = new Session(s.account(), s.accessToken(), s.refreshToken(), now);
          byAccessToken.put(s.accessToken(), expired);
          byRefreshToken.put(s.refreshToken(), expired);
        });
    return all.size();
  }

  private Session issue(Account account) {
    Session s = new Session(account, hex32(), hex32(), clock.getAsLong() + ttlSeconds * 1000);
    byAccessToken.put(s.accessToken(), s);
    byRefreshToken.put(s.refreshToken(), s);
    if (byRefreshToken.size() > MAX_SESSIONS) {
      Session oldest = byRefreshToken.values().iterator().next();
      byRefreshToken.remove(oldest.refreshToken());
      byAccessToken.remove(oldest.accessToken());
    }
    return s;
  }

  static String hex32() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static HttpError unauthorized(String message) {
    return HttpError.unauthorized("unauthorized", message);
  }

  private static String uuidOf(String email) {
    return UUID.nameUUIDFromBytes(
            ("ayla-sim:" + email.toLowerCase()).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
