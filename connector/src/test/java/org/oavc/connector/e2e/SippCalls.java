package org.oavc.connector.e2e;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/** SIPp calls for the end-to-end tests, and what SIPp saw on the wire (its message trace). */
final class SippCalls {
  private SippCalls() {}

  static Future<SippResult> place(OpenSipsTarget target, String scenario, Duration timeout) {
    return SippRunner.run(
        new SippOptions().setScenario(scenario).setTarget(target.sipAddress()).setTimeout(timeout));
  }

  static SippResult await(Future<SippResult> run) throws Exception {
    return run.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** The SIP messages SIPp received, each from its start line. */
  static List<String> received(SippResult r) throws IOException {
    List<String> out = new ArrayList<>();
    for (String block : messages(r).split("message received \\[\\d+\\] bytes :\\s*\n")) {
      int end = block.indexOf("\n-----");
      out.add((end < 0 ? block : block.substring(0, end)).stripLeading());
    }
    out.remove(0); // what came before the first received message
    return out;
  }

  /** Every SIP message SIPp sent or received in that run (-trace_msg), whatever the target. */
  static String messages(SippResult r) throws IOException {
    return Files.readString(r.outputDir().resolve("messages.log"), StandardCharsets.ISO_8859_1);
  }
}
