package org.oavc.connector.firewall.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.firewall.FirewallException;

/**
 * Runs firewall tools as child processes, optionally inside a network namespace ({@code ip netns
 * exec NAME ...}), with a hard time limit so a wedged tool cannot hang us.
 */
public final class Shell {
  /** Exit code, standard output and standard error of one finished command. */
  public record Result(int exit, String stdout, String stderr) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private static final long TIMEOUT_S = 60;
  private final List<String> prefix;

  /** Runs commands in the current network namespace ({@code netns} null) or in {@code netns}. */
  public Shell(String netns) {
    this.prefix = netns == null ? List.of() : List.of("ip", "netns", "exec", netns);
  }

  public Result run(String stdin, String... command) {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(command));
    Process p;
    try {
      p = new ProcessBuilder(cmd).start();
    } catch (IOException e) {
      throw new FirewallException(
          "cannot run "
              + command[0]
              + ": "
              + e.getMessage()
              + " (is it installed? docs/operations.md lists the packages)");
    }
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // The tool closed its input early; its exit status and stderr tell why.
    }
    try {
      if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new FirewallException(
            String.join(" ", cmd) + " did not finish in " + TIMEOUT_S + " s");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new FirewallException("interrupted while running " + String.join(" ", cmd));
    }
  }

  /** Like {@link #run} but a non-zero exit becomes a {@link FirewallException}. */
  public Result require(String what, String stdin, String... command) {
    Result r = run(stdin, command);
    if (!r.ok()) {
      throw new FirewallException(
          what
              + " failed ("
              + String.join(" ", command)
              + ", exit "
              + r.exit()
              + "): "
              + (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip());
    }
    return r;
  }

  private static CompletableFuture<String> drain(InputStream s) {
    // A thread per stream, not the common pool: it may have one thread on a 2-core machine.
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (s) {
                f.complete(new String(s.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
              }
            },
            "firewall-shell-drain");
    t.setDaemon(true);
    t.start();
    return f;
  }
}
