package org.oavc.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/** The benches' caller: SIPp's INVITE, 200, ACK, a 200 ms call, BYE, at a fixed rate. */
public final class BenchSippCalls {
  private BenchSippCalls() {}

  /** Places {@code calls} at {@code rate}/s (at most 200 at once) and waits for SIPp to exit. */
  public static SippResult place(InetSocketAddress sip, int calls, int rate) throws Exception {
    return SippRunner.run(
            new SippOptions()
                .setScenario("uac-answer-bye.xml")
                .setTarget(sip)
                .setCalls(calls)
                .setPause(Duration.ofMillis(200))
                .setTimeout(Duration.ofSeconds(calls / rate + 60))
                .addExtraArgs("-r", Integer.toString(rate), "-l", "200"))
        .toCompletionStage()
        .toCompletableFuture()
        .get(calls / rate + 120L, TimeUnit.SECONDS);
  }
}
