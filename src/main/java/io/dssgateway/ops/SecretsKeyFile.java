package io.dssgateway.ops;

import io.dssgateway.common.OwnerOnly;
import io.dssgateway.common.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals secrets at rest when {@code secrets.key} is not set on a single node: generated
 * once into the data directory ({@value #FILE}, owner-only) and read from there after, so a restart
 * still opens what the last run stored. The log says where it is, never what it is. Blocking file
 * I/O: call it from a worker.
 */
final class SecretsKeyFile {

  static final String FILE = "secrets.key";
  private static final Logger LOG = LoggerFactory.getLogger(SecretsKeyFile.class);

  private SecretsKeyFile() {}

  /**
   * The box for the configured key; else, for a store on disk, the key in its directory (made now
   * if missing); else (an in-memory store) a key for this process only.
   */
  static SecretBox resolve(String configuredKey, String storePath) throws IOException {
    if (configuredKey != null && !configuredKey.isBlank()) {
      return SecretBox.fromBase64(configuredKey);
    }
    if (storePath == null || storePath.isBlank() || storePath.equals("mem")) {
      return SecretBox.fromBase64(SecretBox.newKey());
    }
    Path file =
        OwnerOnly.directories(Path.of(storePath).toAbsolutePath().getParent()).resolve(FILE);
    if (!Files.exists(file)) {
      try {
        Files.writeString(
            OwnerOnly.createNewFile(file), SecretBox.newKey() + "\n", StandardCharsets.US_ASCII);
        LOG.warn(
            "secrets.key (DSS_SECRETS_KEY) is not set: generated a key into {} (owner-only) to seal Ayla tokens and "
                + "stream keys at rest; keep it with the data directory, or set DSS_SECRETS_KEY",
            file.toAbsolutePath());
      } catch (FileAlreadyExistsException raced) {
        // another start made it meanwhile: read that one
      }
    }
    return SecretBox.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
  }
}
