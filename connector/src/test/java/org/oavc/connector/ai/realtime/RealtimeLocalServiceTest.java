package org.oavc.connector.ai.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.aiservices.AiServices;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.connector.MeterTotals;
import org.oavc.connector.ai.Speaker;

/**
 * The session against the real local Realtime service (server VAD, Vosk, rule agent, FreeTTS) on
 * free loopback ports, with real synthesized speech from the caller.
 */
class RealtimeLocalServiceTest extends RealtimeTestBase {
  private static Vertx servicesVertx;
  private static AiServices services;
  private static final SimpleMeterRegistry SERVICE_METERS = new SimpleMeterRegistry();

  @BeforeAll
  static void startServices() throws Exception {
    servicesVertx = Vertx.vertx();
    services =
        AiServices.start(
                servicesVertx,
                new AiServicesOptions()
                    .setHost("127.0.0.1")
                    .setAiPort(0)
                    .setSttPort(0)
                    .setTtsPort(0)
                    .setMeterRegistry(SERVICE_METERS))
            .await(120, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopServices() throws Exception {
    services.close().await(30, TimeUnit.SECONDS);
    servicesVertx.close().await(10, TimeUnit.SECONDS);
  }

  private String url() {
    return "ws://127.0.0.1:" + services.aiPort() + "/v1/realtime";
  }

  /**
   * Half a second of silence, the phrase, then enough silence for the server VAD to end the turn.
   */
  private static void speak(Pair pair, String text) throws Exception {
    feed(pair, utterance(text, pair.session().sampleRate()));
  }

  private static short[] utterance(String text, int rate) throws Exception {
    short[] speech = LocalSpeech.say(text, rate);
    short[] all = new short[rate / 2 + speech.length + rate * 3 / 2];
    System.arraycopy(speech, 0, all, rate / 2, speech.length);
    return all;
  }

  /** Hands the audio to the session in 20 ms frames, as the media engine does. */
  private static void feed(Pair pair, short[] pcm) throws Exception {
    int frame = pair.session().sampleRate() / 50;
    run(
        pair.call(),
        () -> {
          for (int off = 0; off + frame <= pcm.length; off += frame) {
            pair.session().onCallerAudio(Arrays.copyOfRange(pcm, off, off + frame));
          }
        });
  }

  /**
   * Errors the service answered our events with, except a cancel that raced the service's own end
   * of the response (its VAD cancels too when the caller speaks).
   */
  private double serviceErrors() {
    return SERVICE_METERS.find("oavc_aiservices_realtime_errors_total").counters().stream()
        .filter(c -> !"response_cancel_not_active".equals(c.getId().getTag("code")))
        .mapToDouble(c -> c.count())
        .sum();
  }

  @Test
  void spokenGoodbyeIsAnsweredInSpeechTranscribedAndHangsUp() throws Exception {
    Pair pair = started(options(url()), info("G722", 16000), profile(null));
    assertThat(pair.session().sampleRate()).isEqualTo(24000);
    speak(pair, "goodbye");
    await().atMost(WAIT.multipliedBy(3)).until(() -> !pair.call().tools().isEmpty());
    assertThat(pair.call().tools().get(0).name()).isEqualTo("hang_up");
    short[] answer = pair.call().playedAudio();
    assertThat(answer.length / 24000.0).isBetween(1.0, 6.0);
    assertThat(LocalSpeech.rms(answer)).isGreaterThan(300);
    // What came back is speech that says the agent's words, not just noise.
    assertThat(VoskCheck.recognise(services.sttPort(), answer, 24000, WAIT.multipliedBy(3)))
        .containsAnyOf("goodbye", "thank you", "calling");
    assertThat(pair.call().turns())
        .anySatisfy(
            t -> {
              assertThat(t.speaker()).isEqualTo(Speaker.CALLER);
              assertThat(t.text()).containsAnyOf("goodbye", "bye");
            });
    assertThat(pair.call().timings()).hasSize(1);
    assertThat(pair.call().timings().get(0).firstAudioMillis()).isGreaterThanOrEqualTo(0);
    // What the conversation does before its hang-up: the goodbye turn is recorded while the
    // call still runs (at close it would miss the call-end summary, taken as the call ends).
    run(pair.call(), pair.session()::beforeHangUp);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(pair.call().turns())
                    .anySatisfy(
                        t -> {
                          assertThat(t.speaker()).isEqualTo(Speaker.AGENT);
                          assertThat(t.text()).startsWith("Goodbye");
                        }));
    assertThat(serviceErrors()).isZero();
  }

  @Test
  void g711CallTalksULawAtEightKilohertzWithBetaEventNames() throws Exception {
    Pair pair = started(options(url()).setBeta(true), info("PCMU", 8000), profile(null));
    assertThat(pair.session().sampleRate()).isEqualTo(8000);
    speak(pair, "what time is it");
    await().atMost(WAIT.multipliedBy(3)).until(() -> pair.call().receivedSamples() > 8000 / 2);
    await()
        .atMost(WAIT)
        .until(() -> pair.call().turns().stream().anyMatch(t -> t.speaker() == Speaker.CALLER));
    assertThat(pair.call().turns().get(0).text()).contains("time");
    // "It is h:mm AM." at 8 kHz: a second or two of audible speech.
    await().atMost(WAIT).until(() -> !pair.call().playing());
    short[] answer = pair.call().playedAudio();
    assertThat(answer.length / 8000.0).isBetween(0.5, 6.0);
    assertThat(LocalSpeech.rms(answer)).isGreaterThan(300);
    assertThat(serviceErrors()).isZero();
  }

  @Test
  void callerTalkingOverTheGreetingStopsPlaybackAndTruncatesIt() throws Exception {
    short[] request = utterance("operator please", 24000); // ready before the greeting plays
    Pair pair = started(options(url()), info("G722", 16000), profile("Hello."));
    // The local agent greets by itself when asked for a response before the caller spoke.
    await().atMost(WAIT.multipliedBy(3)).until(() -> pair.call().playedMillis() >= 300);
    feed(pair, request);
    await().atMost(WAIT.multipliedBy(2)).until(() -> pair.call().stops() >= 1);
    // the service's own speech detection interrupted the greeting: a barge-in the back end detected
    await()
        .atMost(WAIT)
        .until(
            () ->
                MeterTotals.total(
                        meters,
                        "oavc_ai_barge_ins_total",
                        "flavor",
                        "realtime",
                        "detected_by",
                        "backend")
                    == 1);
    await()
        .atMost(WAIT)
        .until(() -> pair.call().turns().stream().anyMatch(t -> t.speaker() == Speaker.AGENT));
    RealtimeRecordingCall.Turn greeting =
        pair.call().turns().stream()
            .filter(t -> t.speaker() == Speaker.AGENT)
            .findFirst()
            .orElseThrow();
    assertThat(greeting.text()).startsWith("Hello");
    assertThat(greeting.interrupted()).isTrue();
    // The caller's request still goes through: the agent transfers.
    await().atMost(WAIT.multipliedBy(3)).until(() -> !pair.call().tools().isEmpty());
    assertThat(pair.call().tools().get(0).name()).isEqualTo("transfer");
    // The service accepted the truncate (an invalid one is answered with an error event).
    assertThat(serviceErrors()).isZero();
    assertThat(MeterTotals.total(meters, "oavc_ai_backend_errors_total", "stage", "server"))
        .isZero();
  }
}
