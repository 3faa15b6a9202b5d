package org.oavc.connector.ai.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.ai.pipeline.FakeBackends.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oavc.aiservices.AiServices;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.Speaker;

/**
 * The pipeline against the real local AI services (Vosk STT, rule-based chat, FreeTTS) on free
 * loopback ports, fed real synthetic speech.
 */
class PipelineLocalServicesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int FRAME = 320; // 20 ms at 16 kHz

  private static Vertx vertx;
  private static AiServices services;
  private static AiSessionFactory factory;

  @BeforeAll
  static void startServices() throws Exception {
    vertx = Vertx.vertx();
    services =
        await(
            AiServices.start(
                vertx, new AiServicesOptions().setAiPort(0).setSttPort(0).setTtsPort(0)));
    factory =
        PipelineFlavor.factory(
            vertx,
            Settings.defaultsWith(
                Map.of(
                    "STT_SERVICE_PORT", Integer.toString(services.sttPort()),
                    "TTS_SERVICE_PORT", Integer.toString(services.ttsPort()),
                    // Generous: a loaded 2-core machine can take seconds for a loopback handshake.
                    "AI_CONNECT_TIMEOUT_MS", "15000")),
            new SimpleMeterRegistry());
  }

  @AfterAll
  static void stopServices() throws Exception {
    factory.close();
    await(services.close());
    await(vertx.close());
  }

  /** FreeTTS speech of {@code text} at 16 kHz with silence around it, so STT hears an end. */
  private static short[] speech(String text) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + services.ttsPort() + "/v1/audio/speech"))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    new JsonObject()
                        .put("input", text)
                        .put("response_format", "pcm")
                        .put("sample_rate", 16000)
                        .encode()))
            .header("Content-Type", "application/json")
            .build();
    byte[] pcm =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
    short[] voice = new short[pcm.length / 2];
    ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(voice);
    short[] padded = new short[16000 / 2 + voice.length + 16000 * 2];
    System.arraycopy(voice, 0, padded, 16000 / 2, voice.length);
    return padded;
  }

  private static void feed(PipelineRecordingCall call, AiSession session, short[] audio)
      throws Exception {
    call.on(
        () -> {
          for (int at = 0; at + FRAME <= audio.length; at += FRAME) {
            session.onCallerAudio(Arrays.copyOfRange(audio, at, at + FRAME));
          }
          return null;
        });
  }

  private static AiSession started(PipelineRecordingCall call) throws Exception {
    AiSession session = factory.create(call.info(), call.profile());
    await(call.on(() -> session.start(call)));
    return session;
  }

  @Test
  void spokenQuestionGetsASpokenAnswer() throws Exception {
    PipelineRecordingCall call = new PipelineRecordingCall(vertx, null);
    AiSession session = started(call);
    feed(call, session, speech("what time is it"));
    await().atMost(WAIT).until(() -> !call.turns(Speaker.AGENT).isEmpty());
    assertThat(call.turns(Speaker.CALLER).get(0).text()).contains("time");
    assertThat(call.turns(Speaker.AGENT).get(0).text()).startsWith("It is ");
    // "It is 3:07 PM." lasts well over half a second of 16 kHz audio, and is not silence.
    assertThat(call.playedSamples.get()).isGreaterThan(8000);
    assertThat(PipelineRecordingCall.rms(PipelineSessionTest.concat(call.played)))
        .isGreaterThan(100);
    assertThat(call.timings).hasSize(1);
    System.out.println("pipeline turn against the local services: " + call.timings.get(0));
    assertThat(call.timings.get(0).ttsFirstByteMillis())
        .isGreaterThanOrEqualTo(call.timings.get(0).llmFirstTokenMillis());
    assertThat(call.failure.get()).isNull();
    await(call.on(session::close));
    assertThat(call.wrongThread).isEmpty();
  }

  @Test
  void goodbyeHangsUpThroughTheTool() throws Exception {
    PipelineRecordingCall call = new PipelineRecordingCall(vertx, "Hello, how can I help?");
    AiSession session = started(call);
    await().atMost(WAIT).until(() -> !call.turns(Speaker.AGENT).isEmpty());
    assertThat(call.turns(Speaker.AGENT).get(0).text()).isEqualTo("Hello, how can I help?");
    long greetingSamples = call.playedSamples.get();
    assertThat(greetingSamples).isGreaterThan(8000);
    feed(call, session, speech("goodbye"));
    await().atMost(WAIT).until(() -> !call.tools.isEmpty());
    assertThat(call.tools.get(0).name()).isEqualTo("hang_up");
    assertThat(call.turns(Speaker.CALLER).get(0).text()).contains("goodbye");
    // The goodbye was spoken before the tool ran.
    assertThat(call.playedSamples.get()).isGreaterThan(greetingSamples + 8000);
    await(call.on(session::close));
    assertThat(call.turns(Speaker.AGENT).get(1).text()).containsIgnoringCase("goodbye");
  }

  @Test
  void wavSpeechIsDecodedLikePcm() throws Exception {
    AiSessionFactory wav =
        PipelineFlavor.factory(
            vertx,
            Settings.defaultsWith(
                Map.of(
                    "STT_SERVICE_PORT",
                    Integer.toString(services.sttPort()),
                    "TTS_SERVICE_PORT",
                    Integer.toString(services.ttsPort()),
                    "TTS_FORMAT",
                    "wav",
                    "AI_CONNECT_TIMEOUT_MS",
                    "15000")),
            new SimpleMeterRegistry());
    try {
      PipelineRecordingCall call = new PipelineRecordingCall(vertx, null);
      AiSession session = wav.create(call.info(), call.profile());
      await(call.on(() -> session.start(call)));
      call.on(
          () -> {
            session.onCallerText("help");
            return null;
          });
      await().atMost(WAIT).until(() -> !call.turns(Speaker.AGENT).isEmpty());
      assertThat(call.turns(Speaker.AGENT).get(0).text()).startsWith("You can ask me for the time");
      // Several seconds of speech, and no WAV header bytes played as a click: it starts quiet.
      assertThat(call.playedSamples.get()).isGreaterThan(3 * 16000);
      short[] all = PipelineSessionTest.concat(call.played);
      assertThat(PipelineRecordingCall.rms(Arrays.copyOf(all, 16))).isLessThan(500);
      await(call.on(session::close));
    } finally {
      wav.close();
    }
  }

  @Test
  void sttNotListeningIsAiUnavailable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    AiSessionFactory down =
        PipelineFlavor.factory(
            vertx,
            Settings.defaultsWith(Map.of("STT_URL", "ws://127.0.0.1:" + port)),
            new SimpleMeterRegistry());
    try {
      PipelineRecordingCall call = new PipelineRecordingCall(vertx, null);
      AiSession session = down.create(call.info(), call.profile());
      assertThatThrownBy(() -> await(call.on(() -> session.start(call))))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(AiUnavailableException.class);
      await(call.on(session::close));
    } finally {
      down.close();
    }
  }
}
