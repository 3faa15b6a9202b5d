package org.oavc.bench;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.speech.CallerMedia;
import org.oavc.connector.speech.LocalAi;
import org.oavc.connector.speech.RtpRecording;
import org.oavc.connector.speech.SpeechPrompts;
import org.oavc.connector.speech.WsTap;

/**
 * AI turn latency with the local stack (ai-services in-process, the OpenSIPS double, SIPp, the Java
 * RTP caller of the speech tests): end of the caller's speech (last voiced frame sent) to the first
 * voiced RTP frame of the reply received, per flavor, split where the wire shows it (STT final from
 * the STT/realtime relay, first audio from the service) plus the connector's own
 * oavc_ai_turn_seconds stages; then barge-in reaction (caller speech start to our last voiced
 * frame, with the onset pauses and false starts of the two-stage barge-in) and concurrent calls.
 * Args: [turns=8] [bargeIns=6] [maxConcurrent=8] then, for the barge-in runs, a bare number
 * (BARGE_IN_ONSET_MS) and/or KEY=VALUE connector settings (e.g. ECHO_GUARD=false).
 */
public final class AiTurnLatency {
  private AiTurnLatency() {}

  public static void main(String[] args) throws Exception {
    int turns = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int bargeIns = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int maxConcurrent = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Map<String, String> bargeInSettings = new java.util.HashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq > 0) {
        bargeInSettings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      } else {
        bargeInSettings.put("BARGE_IN_ONSET_MS", args[i]);
      }
    }
    SpeechPrompts.say(SpeechPrompts.WHAT_TIME, 8000); // synthesis and model load left out
    SpeechPrompts.say(SpeechPrompts.HELLO, 8000);
    System.out.printf("AI turn latency, local stack (%s)%n%n", Percentiles.machine());
    try (LocalAi ai = LocalAi.start()) {
      System.out.println(
          "| flavor | turns | mouth-to-ear p50 ms | p90 ms | STT final p50 ms "
              + "| first service audio p50 ms | connector stages mean (stt/llm/tts/first audio) ms |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (String flavor : List.of("pipeline", "realtime")) {
        turns(ai, flavor, turns);
      }
      System.out.println();
      System.out.println(
          "| flavor | barge-ins | caller speech start -> our last voiced frame "
              + "p50 ms | p90 ms | max ms | onset pauses | false starts |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (String flavor : List.of("pipeline", "realtime")) {
        bargeIns(ai, flavor, bargeIns, bargeInSettings);
      }
      System.out.println();
      System.out.println(
          "| flavor | concurrent calls | answered | mouth-to-ear p50 ms | p90 ms "
              + "| late frames (>60 ms gap) % |");
      System.out.println("|---|---|---|---|---|---|");
      for (int n = 1; n <= maxConcurrent; n *= 2) {
        AiBenchCalls.concurrent(ai, "pipeline", n);
      }
    }
    System.exit(0);
  }

  private static void turns(LocalAi ai, String flavor, int turns) throws Exception {
    long[] m2e = new long[turns];
    long[] stt = new long[turns];
    long[] service = new long[turns];
    int n = 0;
    int sttN = 0;
    int serviceN = 0;
    try (AiBenchCalls calls = AiBenchCalls.start(ai, flavor, false, 4)) {
      AiBenchCalls.Call call = calls.place();
      WsTap tap = flavor.equals("realtime") ? ai.realtimeTap() : ai.sttTap();
      for (int i = 0; i < turns; i++) {
        CallerMedia.Spoken q =
            call.media()
                .say(SpeechPrompts.say(SpeechPrompts.WHAT_TIME, call.media().sampleRate()))
                .get(30, TimeUnit.SECONDS);
        RtpRecording.Reply reply =
            call.media().received().awaitReply(q.lastSpeechNanos(), 1000, Duration.ofSeconds(30));
        long end = q.lastSpeechNanos();
        m2e[n++] = reply.firstSpeechNanos() - end;
        OptionalLong text = first(tap.fromService(m -> m.nanos() > end && isFinalText(m)));
        if (text.isPresent()) {
          stt[sttN++] = text.getAsLong() - end;
        }
        if (flavor.equals("realtime")) {
          OptionalLong audio =
              first(tap.fromService(m -> m.nanos() > end && m.type().endsWith("audio.delta")));
          if (audio.isPresent()) {
            service[serviceN++] = audio.getAsLong() - end;
          }
        }
      }
      call.hangUp();
      Percentiles p = new Percentiles(m2e, n);
      System.out.printf(
          "| %s | %d | %.0f | %.0f | %s | %s | %s |%n",
          flavor,
          n,
          p.micros(50) / 1000,
          p.micros(90) / 1000,
          ms(new Percentiles(stt, sttN)),
          ms(new Percentiles(service, serviceN)),
          stages(calls));
    }
  }

  private static void bargeIns(LocalAi ai, String flavor, int count, Map<String, String> settings)
      throws Exception {
    long[] reaction = new long[count];
    int n = 0;
    double onsets;
    double falseStarts;
    try (AiBenchCalls calls = AiBenchCalls.start(ai, flavor, true, 4, settings)) {
      for (int i = 0; i < count; i++) {
        AiBenchCalls.Call call = calls.place();
        RtpRecording rec = call.media().received();
        long greeting = AiBenchCalls.awaitSpeech(rec, 600);
        CallerMedia.Spoken over =
            call.media()
                .say(SpeechPrompts.say(SpeechPrompts.HELLO, call.media().sampleRate()))
                .get(30, TimeUnit.SECONDS);
        // Our last voiced frame of the greeting: the last one before a 300 ms gap after the
        // caller started.
        OptionalLong last = AiBenchCalls.lastSpeechBeforeGap(rec, greeting, 300);
        if (last.isPresent() && last.getAsLong() >= over.firstSpeechNanos()) {
          reaction[n++] = last.getAsLong() - over.firstSpeechNanos();
        }
        call.hangUp();
      }
      onsets = counter(calls, "oavc_ai_barge_in_onsets_total");
      falseStarts = counter(calls, "oavc_ai_barge_in_false_starts_total");
    }
    Percentiles p = new Percentiles(reaction, n);
    System.out.printf(
        "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
        flavor,
        n,
        p.micros(50) / 1000,
        p.micros(90) / 1000,
        p.micros(100) / 1000,
        onsets,
        falseStarts);
  }

  private static double counter(AiBenchCalls calls, String name) {
    var c = calls.connector().daemon().meters().find(name).counter();
    return c == null ? 0 : c.count();
  }

  static boolean isFinalText(WsTap.Message m) {
    String t = m.json().getString("text");
    return (t != null && !t.isBlank())
        || m.type().equals("conversation.item.input_audio_transcription.completed");
  }

  static OptionalLong first(List<WsTap.Message> messages) {
    return messages.stream().mapToLong(WsTap.Message::nanos).min();
  }

  static String ms(Percentiles p) {
    return p.count() == 0 ? "-" : String.format("%.0f", p.micros(50) / 1000);
  }

  /** Mean of each connector turn stage (oavc_ai_turn_seconds, from the connector's own mark). */
  private static String stages(AiBenchCalls calls) {
    List<String> out = new ArrayList<>();
    for (String stage : List.of("stt_final", "llm_first_token", "tts_first_byte", "first_audio")) {
      Timer t =
          calls
              .connector()
              .daemon()
              .meters()
              .find("oavc_ai_turn_seconds")
              .tag("stage", stage)
              .timer();
      out.add(
          t == null || t.count() == 0 ? "-" : String.format("%.0f", t.mean(TimeUnit.MILLISECONDS)));
    }
    return String.join(" / ", out);
  }
}
