package io.dssgateway.auth;

import io.dssgateway.config.ConfigError;
import io.dssgateway.vertx.CallerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of the external token issuer: a PEM file read once, or a JWKS URL fetched with
 * WebClient, cached for {@code jwks-max-age} and refetched early (at most once per
 * {@code jwks-min-refetch}) when a token names a {@code kid} the cache does not know, which is
 * how key rotation reaches us. Concurrent refetches share one request. Only asymmetric keys
 * (RSA, EC) are accepted: a shared secret with an external party is not supported.
 */
final class ExternalKeys {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalKeys.class);
  private static final Set<String> ASYMMETRIC =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  /** One loaded key set: the verifier plus what the pre-checks need. */
  record Snapshot(
      JwsVerifier verifier, Set<String> keyIds, Set<String> algorithms, Instant loadedAt) {}

  private final Vertx vertx;
  private final AuthConfig config;
  private final Clock clock;
  private final WebClient client;
  private final JWTOptions checks;
  private volatile Snapshot current;
  private Instant lastFetch = Instant.MIN;
  private Future<Snapshot> inFlight;

  private ExternalKeys(Vertx vertx, AuthConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.client =
        config.externalJwksUrl() == null
            ? null
            : WebClient.create(vertx, new WebClientOptions().setMetricsName("jwks"));
    this.checks =
        new JWTOptions()
            .setIssuer(config.externalIssuer())
            .setAudience(List.of(config.externalAudience()))
            .setLeeway(config.leewaySeconds());
  }

  /** Loads the PEM file (failing start-up if unusable) or makes a first JWKS fetch (tolerating failure). */
  static Future<ExternalKeys> create(Vertx vertx, AuthConfig config, Clock clock) {
    ExternalKeys keys = new ExternalKeys(vertx, config, clock);
    if (config.externalKeysFile() != null) {
      return vertx
          .fileSystem()
          .readFile(config.externalKeysFile())
          .map(
              pem -> {
                List<JsonObject> jwks = new ArrayList<>();
                for (PublicKey k : Jwks.readPublicKeys(pem.toString())) {
                  jwks.add(Jwks.toJwk(k, Jwks.algorithmFor(k)));
                }
                keys.current = keys.snapshot(jwks);
                return keys;
              })
          .recover(
              e ->
                  Future.failedFuture(
                      new ConfigError(
                          "cannot load "
                              + AuthSettings.EXTERNAL_KEYS_FILE.key()
                              + ": "
                              + e.getMessage())));
    }
    return keys.refetch().map(s -> keys).recover(e -> Future.succeededFuture(keys));
  }

  /** The keys to check a token with this {@code kid} (null: none named); fails 503 if none could be loaded. */
  Future<Snapshot> keysFor(String kid) {
    Snapshot s = current;
    if (client == null) {
      return Future.succeededFuture(s);
    }
    Instant now = clock.instant();
    boolean stale = s == null || s.loadedAt().plus(config.jwksMaxAge()).isBefore(now);
    boolean unknownKid = s != null && kid != null && !s.keyIds().contains(kid);
    if (stale || unknownKid && mayRefetch(now)) {
      return refetch()
          .recover(
              e ->
                  s == null
                      ? Future.failedFuture(AuthErrors.keysUnavailable())
                      : Future.succeededFuture(s));
    }
    return Future.succeededFuture(s);
  }

  void close() {
    if (client != null) {
      client.close();
    }
  }

  private synchronized boolean mayRefetch(Instant now) {
    return !lastFetch.plus(config.jwksMinRefetch()).isAfter(now);
  }

  private synchronized Future<Snapshot> refetch() {
    if (inFlight != null) {
      return CallerContext.of(inFlight); // started by a request on another loop
    }
    lastFetch = clock.instant();
    Future<Snapshot> fetch =
        client
            .getAbs(config.externalJwksUrl())
            .timeout(5_000)
            .send()
            .compose(
                response -> {
                  if (response.statusCode() != 200) {
                    return Future.failedFuture("JWKS answered HTTP " + response.statusCode());
                  }
                  JsonArray keys =
                      response.bodyAsJsonObject().getJsonArray("keys", new JsonArray());
                  List<JsonObject> usable = new ArrayList<>();
                  for (int i = 0; i < keys.size(); i++) {
                    JsonObject jwk = keys.getJsonObject(i).copy();
                    String alg = Jwks.algorithmFor(jwk);
                    if (alg != null
                        && ASYMMETRIC.contains(alg)
                        && !"enc".equals(jwk.getString("use"))) {
                      usable.add(jwk.put("alg", alg));
                    }
                  }
                  return Future.succeededFuture(snapshot(usable));
                });
    inFlight = fetch;
    return fetch.andThen(
        ar -> {
          synchronized (this) {
            inFlight = null;
          }
          if (ar.succeeded()) {
            current = ar.result();
            LOG.info(
                "Loaded {} external signing key(s) from {}",
                ar.result().keyIds().size(),
                config.externalJwksUrl());
          } else {
            LOG.warn(
                "Cannot fetch the external JWKS from {}: {}",
                config.externalJwksUrl(),
                ar.cause().getMessage());
          }
        });
  }

  private Snapshot snapshot(List<JsonObject> jwks) {
    Set<String> ids =
        jwks.stream()
            .map(j -> j.getString("kid"))
            .filter(java.util.Objects::nonNull)
            .collect(Collectors.toSet());
    Set<String> algs = jwks.stream().map(j -> j.getString("alg")).collect(Collectors.toSet());
    return new Snapshot(JwsVerifier.of(vertx, checks, jwks), ids, algs, clock.instant());
  }
}
