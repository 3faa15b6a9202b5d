package org.oavc.connector.testdouble;

import java.nio.file.Path;

/**
 * The outcome of one SIPp run.
 *
 * @param exitCode SIPp's exit code: 0 all calls succeeded, 1 some failed, 97/99/-1/-2 see sipp(1)
 * @param successfulCalls SuccessfulCall(C) from the final statistics, -1 when unavailable
 * @param failedCalls FailedCall(C) from the final statistics, -1 when unavailable
 * @param killed true when SIPp outlived its -timeout and was stopped
 * @param outputDir the run's folder under target/sipp/ (screen, messages, errors, stats)
 */
public record SippResult(
    int exitCode, long successfulCalls, long failedCalls, boolean killed, Path outputDir) {

  public boolean allCallsSucceeded() {
    return exitCode == 0 && !killed && failedCalls <= 0;
  }
}
