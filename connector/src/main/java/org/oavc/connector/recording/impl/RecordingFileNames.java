package org.oavc.connector.recording.impl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names from call keys: {@code <key>_t<start, ms since 1970>.wav}. A key comes from OpenSIPS,
 * or from a management request's URL: only letters, digits, '.' and '-' pass as they are, every
 * other byte becomes {@code _XX} (hex), so no key names a path outside the directory or two keys
 * one file, and '_t' (no hex digit) cannot come from a key.
 */
final class RecordingFileNames {
  /** Longer keys are not recorded (OpenSIPS keys are some 40 characters). */
  static final int MAX_KEY_BYTES = 128;

  private RecordingFileNames() {}

  /** The file of {@code key}'s recording started at {@code startMillis}; null if too long. */
  static Path of(Path directory, String key, long startMillis) {
    String safe = safe(key);
    return safe == null ? null : directory.resolve(safe + "_t" + startMillis + ".wav");
  }

  /** A glob matching every recording of {@code key}; null if too long. */
  static String globOf(String key) {
    String safe = safe(key);
    return safe == null ? null : safe + "_t*.wav"; // safe holds no glob character
  }

  static String safe(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0 || bytes.length > MAX_KEY_BYTES) {
      return null;
    }
    StringBuilder b = new StringBuilder(bytes.length + 8);
    for (byte x : bytes) {
      int c = x & 0xff;
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || (c == '.' && b.length() > 0); // never a leading dot: no hidden file, no ".."
      if (plain) {
        b.append((char) c);
      } else {
        b.append('_').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
      }
    }
    return b.toString();
  }
}
