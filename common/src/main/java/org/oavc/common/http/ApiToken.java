package org.oavc.common.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.oavc.common.settings.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of one HTTP API: set in a setting, or generated once into a file only its owner
 * can read and reused from there. Its value is never logged and {@link #toString} hides it.
 */
public final class ApiToken {
  private static final Logger LOG = LoggerFactory.getLogger(ApiToken.class);

  /** Shorter configured tokens are refused: a guessable token is no lock. */
  static final int MIN_LENGTH = 16;

  private static final int GENERATED_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIR =
      PosixFilePermissions.fromString("rwx------");

  private final String value;
  private final byte[] digest;

  private ApiToken(String value) {
    this.value = value;
    this.digest = sha256(value);
  }

  /** A token an operator set in {@code setting}; too short or not printable ASCII fails. */
  public static ApiToken of(String value, String setting) {
    return validated(value, "setting " + setting);
  }

  /**
   * The token in {@code file}, generated there (32 random bytes, URL-safe base64, mode 0600, its
   * directory created 0700) when there is none. Blocks: call it off the event loop. Fails with the
   * path and the ways out when the file cannot be read or written, or other users can read it.
   */
  public static ApiToken loadOrCreate(Path file, String setting) {
    if (Files.exists(file)) {
      ApiToken token = read(file, setting);
      requireOwnerOnly(file);
      LOG.info("{} not set: using the token in {}", setting, file);
      return token;
    }
    byte[] random = new byte[GENERATED_BYTES];
    new SecureRandom().nextBytes(random);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      write(file, value);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot create the API token file "
              + file
              + " ("
              + describe(e)
              + "): make STATE_DIR a directory this user can write, or set "
              + setting,
          e);
    }
    LOG.warn(
        "{} not set: generated a token into {} (mode 0600); clients read it from there",
        setting,
        file);
    return new ApiToken(value);
  }

  /** The token a client finds in {@code file}, never creating one: the CLI. */
  public static ApiToken read(Path file, String setting) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the API token file "
              + file
              + " ("
              + describe(e)
              + "): run as the user that owns it, or set "
              + setting,
          e);
    }
    if (text.isEmpty()) {
      throw new ConfigException(
          "the API token file " + file + " is empty: delete it to have a new one generated");
    }
    return validated(text, "the API token in " + file);
  }

  private static ApiToken validated(String value, String what) {
    String v = value.trim();
    if (v.length() < MIN_LENGTH) {
      throw new ConfigException(
          what
              + " is shorter than "
              + MIN_LENGTH
              + " characters: leave the setting empty to have one generated, or use a long"
              + " random one");
    }
    if (!v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ConfigException(what + " has spaces or characters outside printable ASCII");
    }
    return new ApiToken(v);
  }

  /** What a client sends: {@code Authorization: Bearer <value>}. */
  public String value() {
    return value;
  }

  /**
   * Whether {@code presented} is this token, in time independent of where they differ: digests of
   * equal length are compared, so neither content nor length leaks through timing.
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  @Override
  public String toString() {
    return "ApiToken[hidden]";
  }

  private static void write(Path file, String value) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = Files.getFileStore(existingAncestor(dir)).supportsFileAttributeView("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
      } else {
        Files.createDirectories(dir);
      }
    }
    // Written under another name and moved: a crash never leaves a half-written token behind.
    Path tmp =
        posix
            ? Files.createTempFile(
                dir, ".token-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
            : Files.createTempFile(dir, ".token-", ".tmp");
    try {
      if (posix) {
        Files.setPosixFilePermissions(tmp, OWNER_ONLY); // whatever the umask did
      }
      Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void requireOwnerOnly(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new ConfigException(
            "the API token file "
                + file
                + " can be read by other users ("
                + PosixFilePermissions.toString(perms)
                + "): chmod 600 "
                + file);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot check the mode of " + file + ": " + describe(e), e);
    }
  }

  private static Path existingAncestor(Path dir) {
    Path p = dir;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return p == null ? dir.getRoot() : p;
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory: " + e.getMessage();
    }
    return e.toString();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
