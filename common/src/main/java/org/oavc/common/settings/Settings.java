package org.oavc.common.settings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Flat KEY=value settings in the env-file format of {@code config/oavc.env}, layered: the shipped
 * file (the only place defaults live), then an operator's file, then environment variables with the
 * same names. Every process of OAVC-J reads its settings through this class.
 *
 * <p>Getters take no fallback: a key the shipped file does not define is a programming error and
 * fails at start-up. Each area reads its keys once, in its own {@code *Options.fromSettings}, with
 * the bounds checked there; a bad value fails with a {@link ConfigException} naming the key.
 */
public final class Settings {
  static final String DEFAULTS_RESOURCE = "/org/oavc/common/settings/oavc.env";

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

  /**
   * What a process reads at start: the file given on its command line ({@code configFile}, may be
   * null), else the one CONFIG_FILE names, over the shipped defaults, under the environment.
   */
  public static Settings forProcess(Path configFile, Map<String, String> env) {
    Path file = configFile;
    String named = env.get("CONFIG_FILE");
    if (file == null && named != null && !named.isBlank()) {
      file = Path.of(named);
    }
    return load(file, env);
  }

  /** {@link #forProcess} for a main whose only arguments are {@code [--config FILE]}. */
  public static Settings forCommandLine(String[] args, Map<String, String> env) {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Path.of(args[++i]);
      } else if (args[i].startsWith("--config=")) {
        file = Path.of(args[i].substring("--config=".length()));
      } else {
        throw new ConfigException("unknown argument " + args[i] + " (usage: [--config FILE])");
      }
    }
    return forProcess(file, env);
  }

  /** Only the shipped defaults plus the given overrides: for tests and embedding. */
  public static Settings defaultsWith(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(defaults());
    merged.putAll(overrides);
    return new Settings(merged);
  }

  /** The shipped config/oavc.env. */
  public static Map<String, String> defaults() {
    try (InputStream in = Settings.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException(
            "built-in defaults " + DEFAULTS_RESOURCE + " missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read built-in defaults: " + e.getMessage(), e);
    }
  }

  /**
   * Parses env-file text as docker compose reads it: {@code KEY=value} per line, split at the first
   * '=', {@code #} comment lines, optional {@code export } and quotes. Backslashes stay as written
   * (regex rules need them), unlike {@link java.util.Properties}.
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

  /** Every raw value (the environment included): to hand to another process, or to log. */
  public Map<String, String> asMap() {
    return values;
  }

  /** The value as set; empty when set empty. */
  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new ConfigException(
          "setting "
              + key
              + " is not defined (config/oavc.env lists every"
              + " setting with its default)");
    }
    return v;
  }

  /** The value trimmed, or empty when blank: for settings whose empty value means "not used". */
  public Optional<String> optional(String key) {
    String v = string(key).trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
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

  /** 0-65535; 0 asks for any free port where the component allows it. */
  public int port(String key) {
    return integer(key, 0, 65535);
  }

  public boolean bool(String key) {
    String v = string(key).trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "true":
      case "yes":
      case "1":
      case "on":
        return true;
      case "false":
      case "no":
      case "0":
      case "off":
        return false;
      default:
        throw new ConfigException("setting " + key + "=" + v + " is not a boolean");
    }
  }

  /** One of {@code allowed}, compared without case; returned as written in {@code allowed}. */
  public String choice(String key, String... allowed) {
    String v = string(key).trim();
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw new ConfigException(
        "setting " + key + "=" + v + " is not one of " + String.join(", ", allowed));
  }

  /** A comma-separated list, items trimmed, empty items dropped. */
  public List<String> list(String key) {
    List<String> out = new ArrayList<>();
    for (String part : string(key).split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /**
   * The settings whose keys end with {@code suffix} (not the bare suffix), by the key's prefix: for
   * families of keys named after something configurable, such as {@code <FLAVOR>_CODECS}.
   */
  public Map<String, String> family(String suffix) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey();
      if (key.endsWith(suffix) && key.length() > suffix.length()) {
        out.put(key.substring(0, key.length() - suffix.length()), e.getValue());
      }
    }
    return out;
  }
}
