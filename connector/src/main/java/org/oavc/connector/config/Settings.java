package org.oavc.connector.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Flat KEY=value settings in the env-file format of {@code config/oavc.env}, layered: the
 * shipped defaults, then an operator's file, then environment variables with the same names.
 * Typed getters fail with a {@link ConfigException} that names the offending key.
 */
public final class Settings {
  static final String DEFAULTS_RESOURCE = "/org/oavc/connector/config/oavc.env";

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /** Defaults, overridden by {@code file} (may be null), overridden by {@code env}. */
  public static Settings load(Path file, Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>(defaults());
    if (file != null) {
      try {
        merged.putAll(parse(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
      }
    }
    // Every environment variable overrides the file, and optional keys only set there count too.
    merged.putAll(env);
    return new Settings(merged);
  }

  /** Only the shipped defaults plus the given overrides: handy for tests and embedding. */
  public static Settings defaultsWith(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(defaults());
    merged.putAll(overrides);
    return new Settings(merged);
  }

  static Map<String, String> defaults() {
    try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("built-in defaults " + DEFAULTS_RESOURCE + " missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read built-in defaults: " + e.getMessage(), e);
    }
  }

  /**
   * Parses env-file text as docker compose reads it: {@code KEY=value} per line, split at the
   * first '=', {@code #} comment lines, optional {@code export } and quotes. Backslashes stay as
   * written (regex rules need them), unlike {@link java.util.Properties}.
   */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    int lineNo = 0;
    for (String raw : text.split("\r?\n", -1)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("line " + lineNo + " is not KEY=value: " + line);
      }
      out.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  public Map<String, String> asMap() {
    return values;
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new ConfigException("setting " + key + " is not set");
    }
    return v;
  }

  public String string(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isEmpty() ? fallback : v;
  }

  public int integer(String key, int min, int max) {
    String raw = string(key);
    int v;
    try {
      v = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException("setting " + key + "=" + raw + " is not a whole number");
    }
    if (v < min || v > max) {
      throw new ConfigException(
          "setting " + key + "=" + v + " is out of range [" + min + ", " + max + "]");
    }
    return v;
  }

  public int port(String key) {
    return integer(key, 0, 65535);
  }

  public boolean bool(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    switch (v.trim().toLowerCase()) {
      case "true": case "yes": case "1": case "on": return true;
      case "false": case "no": case "0": case "off": return false;
      default: throw new ConfigException("setting " + key + "=" + v + " is not a boolean");
    }
  }
}
