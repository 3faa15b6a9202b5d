package org.oavc.connector.firewall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.oavc.common.settings.Settings;

/** The deployment files of the repository, for the tests that keep them honest. */
final class RepoFiles {
  private RepoFiles() {}

  /** The repository root, whether Maven runs from it or from the connector module. */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("config")) ? here : here.getParent();
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The keys of config/oavc.env as shipped (the built-in defaults). */
  static Map<String, String> defaults() {
    return Settings.defaultsWith(Map.of()).asMap();
  }

  /** Output of a finished process. */
  record Run(int exit, String stdout, String stderr) {}

  /** Runs {@code command} from the repository root with exactly {@code env} (plus PATH). */
  static Run run(List<String> command, Map<String, String> env, String stdin) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile());
      String path = System.getenv("PATH");
      pb.environment().clear();
      pb.environment().put("PATH", path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path);
      pb.environment().putAll(env);
      Path in = Files.createTempFile("oavc-run-", ".in");
      Path out = Files.createTempFile("oavc-run-", ".out");
      Path err = Files.createTempFile("oavc-run-", ".err");
      try {
        // Input from a file: a process that refuses early must not break our write.
        Files.writeString(in, stdin == null ? "" : stdin, StandardCharsets.UTF_8);
        Process p =
            pb.redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(command + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
