package io.dssgateway.auth;

import io.dssgateway.common.SecretBox;
import io.dssgateway.upstream.AylaTokens;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's copy of the sessions: two cluster-wide maps whose entries live as long as their
 * session, and a topic announcing each change to every replica. {@value #ENTRIES} holds who and
 * until when; it is written once and removed at logout, so its presence is what "signed in" means.
 * {@value #TOKENS} holds the Ayla tokens, sealed by {@link SessionCodec}; a replica that refreshes
 * them writes them again. Everything is JSON text; no secret is in the clear.
 */
final class SharedSessions {

  static final String ENTRIES = "dss.auth.sessions";
  static final String TOKENS = "dss.auth.session-tokens";
  static final String CHANGES = "dss.auth.session-changes";
  private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);

  /** A session as shared: who, until when, and the newest tokens. */
  record Shared(String id, String subject, Instant expiresAt, SessionCodec.Tokens tokens) {}

  /** One announced change: a session signed in ({@code session}), its tokens refreshed ({@code tokens}), or revoked. */
  record Change(String id, boolean revoked, Shared session, SessionCodec.Tokens tokens) {}

  private final Vertx vertx;
  private final SessionCodec codec;
  private final Clock clock;
  private final AsyncMap<String, String> entries;
  private final AsyncMap<String, String> tokens;

  private SharedSessions(
      Vertx vertx,
      SessionCodec codec,
      Clock clock,
      AsyncMap<String, String> entries,
      AsyncMap<String, String> tokens) {
    this.vertx = vertx;
    this.codec = codec;
    this.clock = clock;
    this.entries = entries;
    this.tokens = tokens;
  }

  /** The maps are cluster-wide on a clustered Vert.x (the only one the wiring gives this class), else local. */
  static Future<SharedSessions> open(Vertx vertx, SecretBox box, Clock clock) {
    return vertx
        .sharedData()
        .<String, String>getAsyncMap(ENTRIES)
        .compose(
            e ->
                vertx
                    .sharedData()
                    .<String, String>getAsyncMap(TOKENS)
                    .map(t -> new SharedSessions(vertx, new SessionCodec(box), clock, e, t)));
  }

  /** Calls {@code handler} with every change announced by any replica (this one included); undecodable ones are logged. */
  Future<MessageConsumer<JsonObject>> listen(Handler<Change> handler) {
    MessageConsumer<JsonObject> consumer =
        vertx
            .eventBus()
            .consumer(
                CHANGES,
                message -> {
                  try {
                    handler.handle(change(message.body()));
                  } catch (RuntimeException e) {
                    LOG.warn(
                        "Ignored a session change that could not be read (is secrets.key the same on every replica?): {}",
                        e.toString());
                  }
                });
    return consumer.completion().map(consumer);
  }

  Future<Void> add(UserSession session, AylaTokens ayla, long obtainedAt) {
    String entry = codec.entry(session.subject(), session.expiresAt());
    String sealed = codec.tokens(session.id(), ayla, obtainedAt);
    long ttl = ttlMillis(session.expiresAt());
    return Future.all(entries.put(session.id(), entry, ttl), tokens.put(session.id(), sealed, ttl))
        .onSuccess(
            v ->
                publish(
                    new JsonObject()
                        .put("id", session.id())
                        .put("entry", entry)
                        .put("tokens", sealed)))
        .mapEmpty();
  }

  Future<Void> replaceTokens(UserSession session, AylaTokens ayla, long obtainedAt) {
    String sealed = codec.tokens(session.id(), ayla, obtainedAt);
    return tokens
        .put(session.id(), sealed, ttlMillis(session.expiresAt()))
        .onSuccess(v -> publish(new JsonObject().put("id", session.id()).put("tokens", sealed)));
  }

  /** The session as shared now; empty when signed out, expired or unknown. Fails when it does not open. */
  Future<Optional<Shared>> get(String id) {
    return Future.all(entries.get(id), tokens.get(id))
        .map(all -> Optional.ofNullable(shared(id, all.resultAt(0), all.resultAt(1))));
  }

  /** Every live session shared now (for a replica that starts). */
  Future<List<Shared>> all() {
    return Future.all(entries.entries(), tokens.entries())
        .map(
            all -> {
              Map<String, String> es = all.resultAt(0);
              Map<String, String> ts = all.resultAt(1);
              List<Shared> out = new ArrayList<>();
              es.forEach(
                  (id, entry) -> {
                    try {
                      Optional.ofNullable(shared(id, entry, ts.get(id))).ifPresent(out::add);
                    } catch (RuntimeException e) {
                      LOG.warn(
                          "Skipped a shared session that does not open with this replica's secrets.key: {}",
                          e.getMessage());
                    }
                  });
              return out;
            });
  }

  /**
   * Removes a session and announces it revoked (also when the maps could not be reached: the replicas
   * that hear it forget the session). The tokens it had, to sign out of Ayla with, if they open.
   */
  Future<Optional<AylaTokens>> remove(String id) {
    return Future.all(entries.remove(id), tokens.remove(id))
        .transform(
            ar -> {
              publish(new JsonObject().put("id", id).put("revoked", true));
              if (ar.failed()) {
                return Future.failedFuture(ar.cause());
              }
              String sealed = ar.result().resultAt(1);
              try {
                return Future.succeededFuture(
                    sealed == null
                        ? Optional.empty()
                        : Optional.of(codec.tokens(id, sealed).tokens()));
              } catch (RuntimeException e) {
                return Future.succeededFuture(Optional.empty());
              }
            });
  }

  private Change change(JsonObject body) {
    String id = body.getString("id");
    if (id == null) {
      throw new IllegalArgumentException("a change without a session id");
    }
    String sealed = body.getString("tokens");
    if (body.getBoolean("revoked", false)) {
      return new Change(id, true, null, null);
    }
    return body.getString("entry") != null
        ? new Change(id, false, shared(id, body.getString("entry"), sealed), null)
        : new Change(id, false, null, codec.tokens(id, sealed));
  }

  private Shared shared(String id, String entryJson, String sealed) {
    if (entryJson == null || sealed == null) {
      return null;
    }
    SessionCodec.Entry entry = codec.entry(entryJson);
    return new Shared(id, entry.subject(), entry.expiresAt(), codec.tokens(id, sealed));
  }

  private void publish(JsonObject change) {
    vertx.eventBus().publish(CHANGES, change);
  }

  private long ttlMillis(Instant expiresAt) {
    return Math.max(1, expiresAt.toEpochMilli() - clock.millis());
  }
}
