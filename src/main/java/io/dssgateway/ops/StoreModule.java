package io.dssgateway.ops;

import io.dssgateway.common.Database;
import io.dssgateway.common.Lifecycle;
import io.dssgateway.common.SecretBox;
import io.dssgateway.config.AppConfig;
import io.dssgateway.hub.HubSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * The gateway's own data: the key that seals Ayla tokens and stream keys ({@code secrets.key}, or on a
 * single node the key generated into the data directory) and the embedded database pool that holds
 * sessions and upstream subscriptions, its files the gateway user's only.
 */
final class StoreModule implements Lifecycle {

  private final Vertx vertx;
  private final String storePath;
  private final String key;
  private SecretBox box;
  private Pool pool;

  StoreModule(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.storePath = config.string(HubSettings.STORE_PATH);
    this.key = config.string(OpsSettings.SECRETS_KEY);
  }

  @Override
  public Future<Void> start() {
    return vertx
        .executeBlocking(
            () -> {
              StoreNotice.report(storePath, key != null && !key.isBlank());
              Database.prepareFiles(storePath);
              return SecretsKeyFile.resolve(key, storePath);
            })
        .map(
            resolved -> {
              box = resolved;
              pool = Database.pool(vertx, storePath);
              return null;
            });
  }

  /** Once the first tables are made: H2's own files, made when it opened, become the gateway user's only. */
  Future<Void> restrictFiles() {
    return vertx.executeBlocking(
        () -> {
          Database.restrictFiles(storePath);
          return null;
        });
  }

  @Override
  public Future<Void> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  SecretBox box() {
    return box;
  }

  Pool pool() {
    return pool;
  }
}
