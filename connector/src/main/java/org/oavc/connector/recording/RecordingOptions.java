package org.oavc.connector.recording;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.oavc.common.settings.Settings;

/**
 * Which calls are recorded and where: every call (RECORD_CALLS), the calls of some flavors
 * (RECORD_FLAVORS), or those whose request or bot config asks; in RECORDING_DIR, started only with
 * RECORDING_MIN_FREE_MB free there, deleted after RECORDING_KEEP_DAYS.
 */
public final class RecordingOptions {
  private boolean recordAll;
  private Set<String> flavors = Set.of();
  private Path directory;
  private long minFreeBytes = 100L << 20;
  private int keepDays = 30;

  /**
   * Reads RECORD_CALLS, RECORD_FLAVORS, RECORDING_DIR (empty: STATE_DIR/recordings),
   * RECORDING_MIN_FREE_MB and RECORDING_KEEP_DAYS (0: kept until an operator deletes them).
   */
  public static RecordingOptions fromSettings(Settings s, Path stateDir) {
    RecordingOptions o = new RecordingOptions();
    o.recordAll = s.bool("RECORD_CALLS");
    o.flavors = lowerCase(s.list("RECORD_FLAVORS"));
    String dir = s.string("RECORDING_DIR").trim();
    o.directory = dir.isEmpty() ? stateDir.resolve("recordings") : Path.of(dir);
    o.minFreeBytes = (long) s.integer("RECORDING_MIN_FREE_MB", 0, 10_000_000) << 20;
    o.keepDays = s.integer("RECORDING_KEEP_DAYS", 0, 36_500);
    return o;
  }

  private static Set<String> lowerCase(List<String> names) {
    return names.stream()
        .map(String::trim)
        .filter(n -> !n.isEmpty())
        .map(n -> n.toLowerCase(Locale.ROOT))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether a call is recorded by the settings alone: {@code requested} (a POST /calls "record")
   * decides when given, else RECORD_CALLS or the call's {@code flavor} in RECORD_FLAVORS. A bot
   * config can still switch it on later.
   */
  public boolean wanted(Boolean requested, String flavor) {
    if (requested != null) {
      return requested;
    }
    return recordAll || (flavor != null && flavors.contains(flavor.toLowerCase(Locale.ROOT)));
  }

  public Path getDirectory() {
    return directory;
  }

  public RecordingOptions setDirectory(Path directory) {
    this.directory = directory;
    return this;
  }

  public long getMinFreeBytes() {
    return minFreeBytes;
  }

  public RecordingOptions setMinFreeBytes(long minFreeBytes) {
    this.minFreeBytes = minFreeBytes;
    return this;
  }

  public int getKeepDays() {
    return keepDays;
  }

  public RecordingOptions setKeepDays(int keepDays) {
    this.keepDays = keepDays;
    return this;
  }
}
