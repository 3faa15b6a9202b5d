package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.recording.StereoWav;
import org.oavc.connector.speech.LocalAi;
import org.oavc.connector.speech.Pcm;
import org.oavc.connector.speech.SpeechPrompts;
import org.oavc.connector.testdouble.SippResult;

/**
 * Placed calls with answering-machine detection through OpenSIPS (the double, or a real one): a
 * SIPp callee answers and plays a person's "hello?" or a machine's greeting and beep (FreeTTS
 * speech, PCMU). A person gets the agent; a machine is hung up on, or gets the voicemail message
 * (spoken by the local TTS service) after its beep, as the call's recording shows.
 */
class OutboundAmdE2eTest extends SippE2eTestBase {
  private static final String GREETING =
      "hi, you have reached the voicemail of john smith, i cannot take your call right now,"
          + " please leave a message after the tone";

  /** A SIPp callee that answers and plays {@code audio} (8 kHz) once the ACK came. */
  private static SippCallee callee(short[] audio) throws Exception {
    Path pcap =
        Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .resolve("target/sipp/amd-callee.pcap");
    RtpPcap.writePcmu(pcap, audio);
    return SippCallee.start("uas-answer-play-wait-bye.xml", 1, false, Duration.ofSeconds(60));
  }

  private static short[] machine(boolean beep) {
    short[] tone = new short[8000 / 2];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000));
    }
    return Pcm.concat(
        Pcm.silence(8000, 400),
        SpeechPrompts.say(GREETING, 8000),
        Pcm.silence(8000, 300),
        beep ? tone : new short[0],
        Pcm.silence(8000, 12_000));
  }

  private String dial(JsonObject body) throws Exception {
    HttpResponse<String> r = connector.http("POST", "/calls", body.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return new JsonObject(r.body()).getString("key");
  }

  @Test
  void aPersonGetsTheAgentAsSoonAsTheyPaused() throws Exception {
    startConnector(Map.of());
    SippCallee callee =
        callee(
            Pcm.concat(
                Pcm.silence(8000, 300),
                SpeechPrompts.say("hello?", 8000),
                Pcm.silence(8000, 15_000)));
    String key =
        dial(new JsonObject().put("to", callee.uri()).put("flavor", "echo").put("amd", true));
    JsonObject call =
        await("the agent on the call")
            .atMost(Duration.ofSeconds(15))
            .until(
                () -> new JsonObject(connector.http("GET", "/calls/" + key).body()),
                j -> j.getJsonObject("ai") != null);
    JsonObject amd = call.getJsonObject("amd");
    assertThat(amd.getString("result")).isEqualTo("human");
    assertThat(amd.getLong("decidedAtMs") - amd.getLong("firstVoiceAtMs"))
        .as("first word to decision")
        .isLessThan(1500);
    assertThat(connector.http("DELETE", "/calls/" + key).statusCode()).isEqualTo(202);
    assertThat(connector.awaitEnded(key).endCause()).isEqualTo(EndCause.HANGUP);
    assertThat(connector.counter("oavc_amd_results_total", "result", "human")).isEqualTo(1.0);
    callee.result();
    connector.awaitNoPortInUse();
  }

  @Test
  void aMachineIsHungUpOnByDefaultAndNeverHearsTheAgent() throws Exception {
    startConnector(Map.of());
    SippCallee callee = callee(machine(false));
    String key =
        dial(new JsonObject().put("to", callee.uri()).put("flavor", "echo").put("amd", true));
    CallView ended = connector.awaitEnded(key);
    assertThat(ended.endCause()).isEqualTo(EndCause.ANSWERING_MACHINE);
    assertThat(ended.amd().verdict().name()).isEqualTo("MACHINE");
    assertThat(connector.daemon.callControl().agent().details(key))
        .as("no agent ever started")
        .isNull();
    SippResult r = callee.result();
    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    connector.awaitNoPortInUse();
  }

  @Test
  void aMachineGetsTheMessageAfterItsBeep() throws Exception {
    try (LocalAi ai = LocalAi.start()) {
      Map<String, String> s = new HashMap<>(ai.settings("none", false));
      startConnector(s);
      SippCallee callee = callee(machine(true));
      String key =
          dial(
              new JsonObject()
                  .put("to", callee.uri())
                  .put("flavor", "echo")
                  .put("amd", true)
                  .put("record", true)
                  .put(
                      "voicemail_message",
                      "Hello, this is a reminder of your appointment tomorrow."));
      CallView ended = connector.awaitEnded(key);
      assertThat(ended.endCause()).isEqualTo(EndCause.VOICEMAIL_LEFT);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> connector.gauge("oavc_recordings_active") == 0);
      StereoWav wav = StereoWav.read(Path.of(ended.recording()));
      int beepEnd = lastToneSample(wav.left(), 8000, 1000);
      int messageStart = Pcm.firstLoud(wav.right(), 8000);
      assertThat(beepEnd).as("the beep is in the recording").isPositive();
      assertThat(messageStart).as("the message starts after the beep").isGreaterThan(beepEnd);
      assertThat((messageStart - beepEnd) / 8).as("ms from the beep's end").isLessThan(1500);
      assertThat(connector.daemon.callControl().agent().details(key)).isNull();
      callee.result();
      connector.awaitNoPortInUse();
    }
  }

  /**
   * A greeting too short for the timing rules (here set so that only words or a beep can make a
   * machine before the pause after it makes a person) is a machine by its words: the pipeline
   * flavor's speech-to-text hears the callee while the detector listens, and closes at the verdict.
   */
  @Test
  void aShortGreetingIsAMachineByItsWordsWhenTheFlavorHasSpeechToText() throws Exception {
    try (LocalAi ai = LocalAi.start()) {
      Map<String, String> s = new HashMap<>(ai.settings("none", false));
      s.put("AMD_GREETING_MS", "8000");
      s.put("AMD_MAX_WORDS", "100");
      s.put("AMD_AFTER_GREETING_SILENCE_MS", "5000");
      s.put("AMD_TOTAL_ANALYSIS_MS", "15000");
      startConnector(s);
      SippCallee callee =
          callee(
              Pcm.concat(
                  Pcm.silence(8000, 300),
                  SpeechPrompts.say("please leave a message", 8000),
                  Pcm.silence(8000, 15_000)));
      String key =
          dial(new JsonObject().put("to", callee.uri()).put("flavor", "pipeline").put("amd", true));
      CallView ended = connector.awaitEnded(key);
      assertThat(ended.amd().verdict().name()).isEqualTo("MACHINE");
      assertThat(ended.amd().reason()).isEqualTo("words");
      assertThat(ended.endCause()).isEqualTo(EndCause.ANSWERING_MACHINE);
      assertThat(ended.amd().decisionMillis())
          .as("first word to decision, well before the 5 s pause rule")
          .isLessThan(4000);
      assertThat(ai.sttTap().binaryBytesFromClient())
          .as("the callee's audio went to speech-to-text")
          .isPositive();
      await("the detection's STT stream closed")
          .atMost(Duration.ofSeconds(10))
          .until(() -> ai.sttTap().fromClient(m -> m.text().contains("eof")).size() == 1);
      assertThat(connector.daemon.callControl().agent().details(key)).isNull();
      callee.result();
      connector.awaitNoPortInUse();
    }
  }

  /** The last sample of 20 ms windows dominated by {@code hz}. */
  private static int lastToneSample(short[] pcm, int rate, double hz) {
    int frame = rate / 50;
    int last = -1;
    for (int off = 0; off + frame <= pcm.length; off += frame) {
      if (ToneBursts.toneFrames(java.util.Arrays.copyOfRange(pcm, off, off + frame), rate, hz)
          > 0) {
        last = off + frame;
      }
    }
    return last;
  }
}
