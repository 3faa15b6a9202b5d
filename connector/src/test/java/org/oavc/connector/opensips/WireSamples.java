package org.oavc.connector.opensips;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** The OpenSIPS 3.4 wire captures (system property {@code oavc.wireSamples}). */
final class WireSamples {
  private WireSamples() {}

  /** One captured MI or event datagram; {@code bytes} are exact. */
  record Datagram(String scenario, int n, String dir, String channel, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * The property's folder; when it does not exist (the pom's relative path assumes the main
   * checkout, a git worktree sits one level deeper), the nearest ancestor holding {@code
   * shared/wire-samples/opensips-3.4}.
   */
  static Path root() {
    String dir = System.getProperty("oavc.wireSamples");
    if (dir != null && Files.isDirectory(Path.of(dir))) {
      return Path.of(dir);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/wire-samples/opensips-3.4");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("wire captures not found: oavc.wireSamples=" + dir);
  }

  private static List<Datagram> cache;

  static synchronized List<Datagram> all() {
    if (cache == null) {
      cache = List.copyOf(load());
    }
    return cache;
  }

  private static List<Datagram> load() {
    List<Datagram> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root())) {
      for (Path d : dirs.sorted().toList()) {
        Path f = d.resolve("datagrams.jsonl");
        if (!Files.isRegularFile(f)) {
          continue;
        }
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          JsonObject j = new JsonObject(line);
          out.add(
              new Datagram(
                  d.getFileName().toString(),
                  j.getInteger("n"),
                  j.getString("dir"),
                  j.getString("channel"),
                  Base64.getDecoder().decode(j.getString("b64"))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every E_UA_SESSION datagram OpenSIPS sent, in every scenario. */
  static List<Datagram> events() {
    return all().stream()
        .filter(d -> d.channel().equals("event") && d.dir().equals("from-opensips"))
        .toList();
  }

  /** Datagram {@code #n} of a scenario folder, e.g. ("10-list-and-errors", 35). */
  static Datagram get(String scenario, int n) {
    return all().stream()
        .filter(d -> d.scenario().equals(scenario) && d.n() == n)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no #" + n + " in " + scenario));
  }
}
