package io.dssgateway.ops;

import io.dssgateway.common.SecretBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals secrets at rest when {@code secrets.key} is not set on a single node: generated
 * once into the data directory ({@value #FILE}, owner-only) and read from there after, so a restart
 * still opens what the last run stored. The log says where it is, never what it is. Blocking file
 * I/O: call it from a worker. Also the place that makes the data directory and its files owner-only.
 */
final class SecretsKeyFile {

  static final String FILE = "secrets.key";
  private static final Logger LOG = LoggerFactory.getLogger(SecretsKeyFile.class);
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");

  private SecretsKeyFile() {
  }

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
    Path dir = dataDirectory(storePath);
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      try {
        Files.writeString(Files.createFile(file, ownerOnly(OWNER_FILE)), SecretBox.newKey() + "\n", StandardCharsets.US_ASCII);
        LOG.warn("secrets.key (DSS_SECRETS_KEY) is not set: generated a key into {} (owner-only) to seal Ayla tokens and "
            + "stream keys at rest; keep it with the data directory, or set DSS_SECRETS_KEY", file.toAbsolutePath());
      } catch (FileAlreadyExistsException raced) {
        // another start made it meanwhile: read that one
      }
    }
    return SecretBox.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
  }

  /** The store's directory, created owner-only (0700) when missing. */
  static Path dataDirectory(String storePath) throws IOException {
    Path dir = Path.of(storePath).toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, ownerOnly(OWNER_DIR));
    }
    return dir;
  }

  /** Makes the store's files ({@code <name>.*}, H2's database, lock and trace files) owner-only (0600). */
  static void restrictStoreFiles(String storePath) throws IOException {
    if (storePath == null || storePath.isBlank() || storePath.equals("mem") || !posix()) {
      return;
    }
    Path store = Path.of(storePath).toAbsolutePath();
    String prefix = store.getFileName() + ".";
    try (var files = Files.list(store.getParent())) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Files.setPosixFilePermissions(f, OWNER_FILE);
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> permissions) {
    return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
  }

  private static boolean posix() {
    return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
