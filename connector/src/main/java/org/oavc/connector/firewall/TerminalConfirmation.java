package org.oavc.connector.firewall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Asks on the terminal and waits for "yes". Anything else, end of input (the SSH session that ran
 * us went away) or silence until the deadline means "roll back".
 */
final class TerminalConfirmation implements Function<Duration, Boolean> {
  private final InputStream in;
  private final PrintStream prompt;

  TerminalConfirmation(InputStream in, PrintStream prompt) {
    this.in = in;
    this.prompt = prompt;
  }

  @Override
  public Boolean apply(Duration within) {
    prompt.printf(
        "Rules loaded. Type 'yes' within %d s to keep them, or they are rolled back: ",
        within.toSeconds());
    prompt.flush();
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                line.complete(
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                        .readLine());
              } catch (IOException e) {
                line.complete(null);
              }
            },
            "firewall-confirm");
    reader.setDaemon(true);
    reader.start();
    try {
      String answer = line.get(within.toMillis(), TimeUnit.MILLISECONDS);
      return answer != null && answer.trim().equalsIgnoreCase("yes");
    } catch (TimeoutException e) {
      prompt.println();
      return false;
    } catch (ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
