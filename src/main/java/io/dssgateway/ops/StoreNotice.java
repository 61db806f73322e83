package io.dssgateway.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up whether the embedded store was there: a store that vanished (a deleted file, a
 * volume not mounted) would otherwise start empty without a word, leaving the streams it held
 * unresumed and the Ayla tokens it kept unusable. Blocking file checks: call it off the event loop.
 */
final class StoreNotice {

  private static final Logger LOG = LoggerFactory.getLogger(StoreNotice.class);

  private StoreNotice() {}

  /** Logs what was found at {@code storePath} (H2 adds {@code .mv.db}); true when a store was there. */
  static boolean report(String storePath, boolean secretsKeyConfigured) {
    if (storePath == null || storePath.isBlank() || storePath.equals("mem")) {
      LOG.info("The store is in memory (hub.store-path=mem): nothing survives a restart");
      return false;
    }
    Path file = Path.of(storePath + ".mv.db").toAbsolutePath();
    if (Files.exists(file)) {
      LOG.info("Store found at {}", file);
      if (!secretsKeyConfigured && !Files.exists(file.getParent().resolve(SecretsKeyFile.FILE))) {
        LOG.warn(
            "The store at {} is there but its secrets.key is not and DSS_SECRETS_KEY is not set: a new key is made, "
                + "and the sealed Ayla tokens and stream keys stored before cannot be opened (users sign in again)",
            file);
      }
      return true;
    }
    LOG.warn(
        "No store at {}: starting empty. On a first start that is expected; otherwise the store was deleted or its "
            + "volume is not mounted, and the upstream streams held before are not resumed",
        file);
    return false;
  }
}
