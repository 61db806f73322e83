package io.dssgateway.common;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories the gateway makes for its data, readable by its own user only: files 0600,
 * directories 0700, set as each is created (not after), where the file system has POSIX
 * permissions; elsewhere they are made as the file system makes them. Blocking: workers only.
 */
public final class OwnerOnly {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /** {@code dir}, with every missing level of it created 0700 (existing ones are left as they are). */
  public static Path directories(Path dir) throws IOException {
    return Files.isDirectory(dir) ? dir : Files.createDirectories(dir, attributes(DIRECTORY));
  }

  /** Creates {@code file} empty and 0600; a {@link java.nio.file.FileAlreadyExistsException} if it exists. */
  public static Path createNewFile(Path file) throws IOException {
    return Files.createFile(file, attributes(FILE));
  }

  /** Opens {@code file} for appending, creating it 0600 if missing. */
  public static FileChannel append(Path file) throws IOException {
    return FileChannel.open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
        attributes(FILE));
  }

  /** Makes an existing file 0600 (one made by a library that cannot be told how). */
  public static void restrict(Path file) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }
}
