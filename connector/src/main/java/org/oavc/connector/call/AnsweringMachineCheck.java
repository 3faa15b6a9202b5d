package org.oavc.connector.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.ai.CalleeTranscript;
import org.oavc.connector.amd.AmdOptions;
import org.oavc.connector.amd.AmdResult;
import org.oavc.connector.amd.AmdVerdict;
import org.oavc.connector.amd.AnsweringMachineDetector;
import org.oavc.connector.media.MediaSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answering-machine detection on a placed call ("amd": true), between the answer and the agent: the
 * callee's audio feeds a detector on the media session's loop; a person (or no decision) starts the
 * agent, a machine gets the voicemail message after its beep, or a hang-up. The agent never speaks
 * to a machine, and a person waits no longer than the decision.
 */
final class AnsweringMachineCheck {
  private static final Logger log = LoggerFactory.getLogger("oavc.amd");

  private final Context context;
  private final CallServices s;
  private final CallEnding ending;
  private final AmdOptions options;
  private final MeterRegistry meters;
  private final Timer decisionTime;

  AnsweringMachineCheck(Context context, CallServices s, CallEnding ending, AmdOptions options) {
    this.context = context;
    this.s = s;
    this.ending = ending;
    this.options = options;
    this.meters = s.metrics().registry();
    this.decisionTime =
        Timer.builder("oavc_amd_decision_seconds")
            .description("answer (audio time) to the answering-machine decision")
            .register(meters);
  }

  /** On the controller's context, once the call is answered with media attached. */
  void run(Call call, Runnable startAgent) {
    MediaSession media = call.media();
    int rate = call.negotiation().codec().speechRate();
    AnsweringMachineDetector detector = AnsweringMachineDetector.create(options, rate);
    Progress p = new Progress();
    Queue<String> heard = new ConcurrentLinkedQueue<>();
    CalleeTranscript transcript =
        options.isWords() ? s.agent().transcribeCallee(call, rate, heard::add) : null;
    p.transcript = transcript;
    // Nothing heard at all (no RTP): the detector cannot decide; the agent starts after the wait.
    long deadline = options.getTotalAnalysisMillis() + 1000L;
    p.timer =
        s.vertx()
            .setTimer(
                deadline,
                id ->
                    decided(
                        call,
                        new AmdResult(AmdVerdict.UNKNOWN, "no_audio", deadline, -1),
                        p,
                        startAgent));
    media.onAudio(
        rate,
        (pcm, r) -> { // the media session's loop: the detector is confined to it
          if (p.messageDue) {
            return;
          }
          for (String words = heard.poll(); words != null; words = heard.poll()) {
            detector.onWords(words);
          }
          if (transcript != null && detector.result() == null) {
            transcript.onAudio(pcm);
          }
          AmdResult result = detector.onAudio(pcm);
          if (result == null) {
            return;
          }
          if (!p.resultSent) {
            p.resultSent = true;
            context.runOnContext(v -> decided(call, result, p, startAgent));
          }
          if (result.verdict() == AmdVerdict.MACHINE && detector.readyForMessage()) {
            p.messageDue = true;
            context.runOnContext(v -> machineRecords(call, p));
          }
        });
  }

  /** What the media thread and the controller share for one call. */
  private static final class Progress {
    volatile boolean resultSent;
    volatile boolean messageDue;
    boolean decided;
    boolean messageStarted;
    long timer = -1;
    CalleeTranscript transcript;
  }

  private void decided(Call call, AmdResult result, Progress p, Runnable startAgent) {
    if (p.transcript != null) {
      p.transcript.close(); // the words only count before the decision
    }
    if (p.decided || call.isEnded() || call.state() != CallState.ACTIVE) {
      return;
    }
    p.decided = true;
    s.vertx().cancelTimer(p.timer);
    call.amd(result);
    s.registry().status(call, CallStatus.AMD);
    decisionTime.record(result.decidedAtMillis(), TimeUnit.MILLISECONDS);
    Counter.builder("oavc_amd_results_total")
        .description("answering-machine decisions, by result and the rule that decided")
        .tag("result", result.verdict().name().toLowerCase(Locale.ROOT))
        .tag("reason", result.reason())
        .register(meters)
        .increment();
    log.info(
        "key={} AMD {} ({}) after {} ms",
        call.key(),
        result.verdict(),
        result.reason(),
        result.decidedAtMillis());
    if (result.verdict() != AmdVerdict.MACHINE) {
      call.media().onAudio(0, null); // the agent's own sink replaces it anyway
      startAgent.run();
      return;
    }
    String message = message(call);
    if (message == null) {
      call.media().onAudio(0, null);
      ending.hangup(call, EndCause.ANSWERING_MACHINE);
      return;
    }
    // Wait for the beep (or the greeting's end), at most AMD_BEEP_WAIT_MS and a margin.
    p.timer =
        s.vertx().setTimer(options.getBeepWaitMillis() + 2000L, id -> machineRecords(call, p));
  }

  private String message(Call call) {
    if (call.voicemailMessage() != null) {
      return call.voicemailMessage();
    }
    return options.getMachineAction() == AmdOptions.MachineAction.MESSAGE
        ? options.getVoicemailMessage()
        : null;
  }

  private void machineRecords(Call call, Progress p) {
    if (p.messageStarted || !p.decided || call.isEnded() || call.state() != CallState.ACTIVE) {
      return;
    }
    p.messageStarted = true;
    s.vertx().cancelTimer(p.timer);
    call.media().onAudio(0, null);
    log.info("key={} AMD: the machine records; speaking the voicemail message", call.key());
    s.agent()
        .leaveMessage(call, message(call))
        .onComplete(ar -> context.runOnContext(v -> messageSpoken(call, ar)));
  }

  private void messageSpoken(Call call, io.vertx.core.AsyncResult<Void> ar) {
    if (ar.failed()) {
      log.warn("key={} voicemail message not spoken: {}", call.key(), ar.cause().getMessage());
    }
    if (!call.isEnded() && call.state() == CallState.ACTIVE) {
      ending.hangup(call, ar.succeeded() ? EndCause.VOICEMAIL_LEFT : EndCause.ANSWERING_MACHINE);
    }
  }
}
