package org.oavc.connector.ai.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.ai.pipeline.FakeBackends.await;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.Speaker;
import org.oavc.connector.ai.pipeline.FakeBackends.ChatReply;
import org.oavc.connector.ai.pipeline.impl.PipelineSessionFactory;

/** The STT socket's failure paths, close() and the factory's threads. */
class PipelineSttTest extends PipelineTestBase {

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  private double sttErrors() {
    return meters
        .counter("oavc_ai_backend_errors_total", "flavor", "pipeline", "stage", "stt")
        .count();
  }

  @Test
  void sttDownAtStartIsAiUnavailable() throws Exception {
    backends.stopStt();
    assertThatThrownBy(() -> await(call.on(() -> session.start(call))))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AiUnavailableException.class);
    assertThat(sttErrors()).isEqualTo(1);
  }

  @Test
  void sttThatNeverAnswersTheHandshakeTimesOutWithoutLeakingThreads() throws Exception {
    long socketThreadsBefore = threadsNamed("WebSocketConnectReadThread");
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      AiSessionFactory mute =
          PipelineFlavor.factory(
              vertx,
              Settings.defaultsWith(
                  Map.of(
                      "STT_URL",
                      "ws://127.0.0.1:" + silent.getLocalPort(),
                      "AI_CONNECT_TIMEOUT_MS",
                      "300")),
              meters);
      try {
        AiSession muteSession = mute.create(call.info(), call.profile());
        assertThatThrownBy(() -> await(call.on(() -> muteSession.start(call))))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(AiUnavailableException.class);
      } finally {
        mute.close();
      }
    }
    await()
        .atMost(WAIT)
        .until(() -> threadsNamed("WebSocketConnectReadThread") <= socketThreadsBefore);
  }

  @Test
  void garbageFromSttIsCountedAndIgnored() throws Exception {
    backends.chatScript.add(ChatReply.text("Hi."));
    start();
    backends.sttSockets.get(0).writeTextMessage("this is not json");
    await().atMost(WAIT).until(() -> sttErrors() == 1);
    backends.sttSays(new JsonObject().put("text", "hello"));
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(call.turns(Speaker.CALLER).get(0).text()).isEqualTo("hello");
  }

  @Test
  void droppedSttReconnectsOnceAndTheCallGoesOn() throws Exception {
    backends.chatScript.add(ChatReply.text("Still here."));
    start();
    backends.sttSockets.get(0).close();
    await().atMost(WAIT).until(() -> backends.sttText.size() == 2);
    assertThat(new JsonObject(backends.sttText.get(1)).containsKey("config")).isTrue();
    backends.sttSays(new JsonObject().put("text", "are you there"));
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    assertThat(call.turns(Speaker.CALLER).get(0).text()).isEqualTo("are you there");
    assertThat(call.failure.get()).isNull();
    assertThat(meters.counter("oavc_ai_reconnects_total", "flavor", "pipeline").count())
        .isEqualTo(1);
  }

  @Test
  void droppedSttWhoseReconnectFailsFailsTheCall() throws Exception {
    start();
    backends.stopStt();
    backends.sttSockets.get(0).close();
    await().atMost(WAIT).until(() -> call.failure.get() != null);
    assertThat(call.failure.get()).isInstanceOf(AiUnavailableException.class);
    assertThat(meters.counter("oavc_ai_reconnects_total", "flavor", "pipeline").count())
        .isEqualTo(1);
  }

  @Test
  void closeSendsEofCancelsTheReplyAndIsIdempotent() throws Exception {
    long socketThreadsBefore = threadsNamed("WebSocketConnectReadThread");
    backends.chatScript.add(ChatReply.unfinished("Let me think"));
    start();
    say("a hard question");
    await().atMost(WAIT).until(() -> backends.heldOpen.size() == 1);
    await(call.on(session::close));
    await(call.on(session::close));
    await().atMost(WAIT).until(() -> backends.sttText.size() == 2);
    assertThat(new JsonObject(backends.sttText.get(1))).isEqualTo(new JsonObject().put("eof", 1));
    await().atMost(WAIT).until(() -> backends.sttSockets.get(0).isClosed());
    await().atMost(WAIT).until(() -> backends.chatClosedEarly.get() == 1);
    await()
        .atMost(WAIT)
        .until(() -> threadsNamed("WebSocketConnectReadThread") <= socketThreadsBefore);
    // Audio after close goes nowhere and breaks nothing.
    call.on(
        () -> {
          session.onCallerAudio(new short[320]);
          session.onCallerText("anyone?");
          return null;
        });
    assertThat(backends.chatRequests).hasSize(1);
  }

  @Test
  void sttThatStopsReadingGetsABoundedQueueThenFailsTheCall() throws Exception {
    AiSessionFactory tight =
        PipelineFlavor.factory(
            vertx,
            backends.settings(Map.of("AI_SEND_QUEUE_MAX_KB", "64", "AI_SEND_STALL_MS", "300")),
            meters);
    try {
      AiSession stalled = tight.create(call.info(), call.profile());
      await(call.on(() -> stalled.start(call)));
      await().atMost(WAIT).until(() -> backends.sttText.size() == 1);
      backends.stopReadingStt();
      short[] frame = new short[320];

      // far faster than real time, until the kernel's buffers and then our bound are full
      await()
          .atMost(WAIT)
          .until(
              () -> {
                call.on(
                    () -> {
                      for (int i = 0; i < 500; i++) {
                        stalled.onCallerAudio(frame);
                      }
                      return null;
                    });
                return call.failure.get() != null;
              });

      assertThat(call.failure.get())
          .isInstanceOf(AiUnavailableException.class)
          .hasMessageContaining("stopped reading");
      assertThat(meters.counter("oavc_ai_send_queue_overflows_total", "flavor", "pipeline").count())
          .isPositive();
      assertThat(
              meters
                  .counter(
                      "oavc_ai_backend_errors_total", "flavor", "pipeline", "stage", "send_stalled")
                  .count())
          .isEqualTo(1);
      call.on(stalled::close);
    } finally {
      tight.close();
    }
  }

  @Test
  void factoryCloseStopsItsHttpThreads() throws Exception {
    backends.chatScript.add(ChatReply.text("Done."));
    start();
    say("hello");
    await().atMost(WAIT).until(() -> call.turns(Speaker.AGENT).size() == 1);
    String prefix = ((PipelineSessionFactory) factory).threadPrefix();
    assertThat(threadsNamed(prefix)).isPositive();
    call.on(session::close);
    factory.close();
    factory.close();
    await().atMost(WAIT).until(() -> threadsNamed(prefix) == 0);
  }
}
