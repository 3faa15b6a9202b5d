package org.oavc.connector.ai.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.Settings;
import org.oavc.connector.MeterTotals;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiOptions;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.PcmuCaller;
import org.oavc.connector.ai.TurnTimings;
import org.oavc.connector.ai.tools.ToolBox;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.media.session.RtpSessions;
import org.oavc.connector.media.session.SessionFixture;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.MediaDirection;
import org.oavc.connector.sdp.SdpNegotiation;
import org.oavc.connector.vertx.VertxInternals;

/**
 * The conversation glue on real parts: a real RTP session on loopback, a Java UDP peer as the
 * caller sending PCMU, and a recording AI session as the conversation's peer.
 */
class AiBridgeTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private Vertx vertx;
  private SimpleMeterRegistry meters;
  private MediaSession media;
  private PcmuCaller caller;
  private final List<EndCause> hangups = new CopyOnWriteArrayList<>();
  private final List<Boolean> playingAtHangup = new CopyOnWriteArrayList<>();
  private final List<String> transcriptAtHangup = new CopyOnWriteArrayList<>();
  private AiBridge bridge;
  private final Transcript transcript = new Transcript(50, 4000);

  @BeforeEach
  void openMedia() throws Exception {
    vertx = Vertx.vertx();
    meters = new SimpleMeterRegistry();
    int port = SessionFixture.freeEvenPortPair();
    media =
        RtpSessions.factory(
                vertx, new RtpSessionOptions().setBindIp("127.0.0.1").setMeterRegistry(meters))
            .open("conv-test", port)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    caller = new PcmuCaller(port);
    InetSocketAddress remote = caller.address();
    media.apply(
        new SdpNegotiation(
            "v=0\r\n",
            new Codec("PCMU", 0, 8000, 1, null),
            PcmuCaller.TELEPHONE_EVENT,
            20,
            MediaDirection.SENDRECV,
            remote,
            null,
            false,
            1,
            1));
  }

  @AfterEach
  void close() throws Exception {
    if (bridge != null) {
      AiBridge c = bridge;
      get(Future.<Void>future(p -> c.context().runOnContext(v -> c.close().onComplete(p))));
    }
    caller.close();
    get(media.close());
    get(vertx.close());
  }

  private org.oavc.connector.opensips.MiClient mi;

  private AiBridge bridge(Map<String, String> config, AiFlavors flavors) {
    Map<String, String> all = new HashMap<>(Map.of("AI_CONNECT_TIMEOUT_MS", "2000"));
    all.putAll(config);
    AiOptions settings = AiOptions.fromSettings(Settings.defaultsWith(all));
    BridgeServices services =
        new BridgeServices(
            vertx,
            settings,
            flavors,
            new ToolBox(
                vertx,
                List.of(),
                "sip:operator@127.0.0.1",
                settings.transferAllowed(),
                2000,
                meters),
            new AiMetrics(meters),
            (key, cause) -> {
              playingAtHangup.add(bridge.playing());
              transcript.turns().forEach(t -> transcriptAtHangup.add(t.text()));
              hangups.add(cause);
              return Future.succeededFuture();
            },
            mi,
            Apology.shipped());
    AiCallInfo info = new AiCallInfo("conv-test", "cid", "alice", "bot", "PCMU", 8000, Map.of());
    AgentProfile profile = new AgentProfile("test", "", "", "en", null, List.of());
    bridge =
        new AiBridge(
            services, VertxInternals.newEventLoopContext(vertx), info, profile, transcript);
    return bridge;
  }

  private Future<Void> start(AiBridge c, RecordingAiSession session) {
    return Future.future(
        p ->
            c.context()
                .runOnContext(
                    v -> {
                      c.attachMedia(media);
                      c.startSession(session, c.profile()).onComplete(p);
                    }));
  }

  @Test
  void callerAudioReachesTheSessionAtItsRateAndAgentAudioReachesTheCaller() throws Exception {
    RecordingAiSession session = new RecordingAiSession(16000, Future.succeededFuture());
    get(start(bridge(Map.of(), new AiFlavors()), session));
    caller.talking.set(true);

    await().atMost(WAIT).until(() -> session.loudFrames.get() >= 10);
    assertThat(session.wrongSizeFrames.get()).as("20 ms frames at 16 kHz").isZero();

    caller.talking.set(false);
    int framesAtStop = session.frames.get();
    // the caller's speech has ended (jitter buffer drained) before the agent answers
    await().atMost(WAIT).until(() -> session.frames.get() > framesAtStop + 25);
    session.speak(600, "hello there");
    await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 20);
    await().atMost(WAIT).until(() -> !onContext(bridge::playing));
    assertThat(onContext(bridge::queuedMillis)).isEqualTo(600);
    assertThat(onContext(bridge::playedMillis)).isEqualTo(600);
    assertThat(transcript.turns()).extracting(Transcript.Turn::text).containsExactly("hello there");
  }

  @Test
  void callerSpeechOverTheAgentFlushesPlaybackAndTellsTheSessionWhatWasHeard() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(
        start(
            bridge(Map.of("BARGE_IN_MIN_SPEECH_MS", "100", "ECHO_GUARD", "false"), new AiFlavors()),
            session));
    session.speak(8000, "a very long answer");
    await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 25); // half a second heard
    caller.talking.set(true);

    await().atMost(WAIT).until(() -> !session.bargeIns.isEmpty());
    long heard = session.bargeIns.get(0);
    assertThat(heard).isGreaterThanOrEqualTo(400).isLessThan(8000);
    assertThat(onContext(bridge::playing)).isFalse();
    assertThat(onContext(bridge::queuedMillis)).isEqualTo(onContext(bridge::playedMillis));
    int loudSoFar = caller.loudReceived.get();
    assertThat(loudSoFar).as("most of the 8 s answer was never sent").isLessThan(300);
    assertThat(transcript.turns())
        .singleElement()
        .extracting(Transcript.Turn::interrupted)
        .isEqualTo(true);
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_ins_total")).isEqualTo(1.0);
  }

  @Test
  void aShortBurstOverTheAgentPausesItThenItResumesWhereItPausedWithoutBargeIn() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(
        start(
            bridge(Map.of("BARGE_IN_ONSET_MS", "40", "ECHO_GUARD", "false"), new AiFlavors()),
            session));
    session.speak(3000, "an answer the caller coughs into"); // 150 loud frames
    await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 25);
    caller.burstFrames.set(6); // 120 ms: past the 40 ms onset, short of the 200 ms barge-in

    await()
        .atMost(WAIT)
        .until(() -> MeterTotals.total(meters, "oavc_ai_barge_in_false_starts_total") == 1);
    await().atMost(WAIT).until(() -> !onContext(bridge::playing));
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_in_onsets_total")).isEqualTo(1);
    assertThat(session.bargeIns).isEmpty();
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_ins_total")).isZero();
    // Silence in the middle of the answer, then the rest of it: all 150 frames, each once.
    String pattern = caller.receivedPattern.toString();
    assertThat(pattern).matches("\\.*L+\\.+L+\\.*");
    assertThat(caller.loudReceived.get()).isEqualTo(150);
    assertThat(onContext(bridge::playedMillis)).isEqualTo(3000);
    assertThat(transcript.turns())
        .singleElement()
        .extracting(Transcript.Turn::interrupted)
        .isEqualTo(false);
  }

  @Test
  void aConfirmedBargeInAfterTheOnsetReportsOnlyWhatWasHeardBeforeThePause() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(
        start(
            bridge(
                Map.of(
                    "BARGE_IN_ONSET_MS",
                    "40",
                    "BARGE_IN_MIN_SPEECH_MS",
                    "400",
                    "ECHO_GUARD",
                    "false"),
                new AiFlavors()),
            session));
    session.speak(8000, "a very long answer");
    await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 25);
    caller.talking.set(true);

    await().atMost(WAIT).until(() -> !session.bargeIns.isEmpty());
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_in_onsets_total")).isEqualTo(1);
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_in_false_starts_total")).isZero();
    // Held for ~360 ms before the confirmation: none of that counts as heard. What left the
    // socket before the pause is what the caller got (a frame or two may still be in flight).
    await()
        .atMost(WAIT)
        .until(() -> caller.packetsReceived.get() > caller.receivedPattern.lastIndexOf("L") + 20);
    long heard = session.bargeIns.get(0);
    assertThat(heard)
        .isBetween(caller.loudReceived.get() * 20L - 40, caller.loudReceived.get() * 20L + 40);
    assertThat(onContext(bridge::playing)).isFalse();
    assertThat(((org.oavc.connector.media.session.impl.RtpSession) media).paused()).isFalse();
  }

  @Test
  void replacingTheAgentsAudioWhileHeldResumesPlayoutForTheNewAnswer() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(
        start(
            bridge(
                Map.of(
                    "BARGE_IN_ONSET_MS",
                    "40",
                    "BARGE_IN_MIN_SPEECH_MS",
                    "5000",
                    "ECHO_GUARD",
                    "false"),
                new AiFlavors()),
            session));
    var rtp = (org.oavc.connector.media.session.impl.RtpSession) media;
    session.speak(8000, "a long answer");
    await().atMost(WAIT).until(() -> caller.loudReceived.get() >= 10);
    caller.talking.set(true);
    await().atMost(WAIT).until(rtp::paused);

    // what a realtime back end does when its own VAD heard the caller: drop and answer anew
    onContext(
        () -> {
          bridge.stopPlayback();
          return null;
        });
    assertThat(rtp.paused()).isFalse();
    caller.talking.set(false);
    int loudBefore = caller.loudReceived.get();
    int framesAtStop = session.frames.get();
    // the caller's tone has left the jitter buffer and the detector's hangover before the answer
    await().atMost(WAIT).until(() -> session.frames.get() > framesAtStop + 15);
    session.speak(400, "the new answer");
    await().atMost(WAIT).until(() -> caller.loudReceived.get() >= loudBefore + 20);
    assertThat(MeterTotals.total(meters, "oavc_ai_barge_in_false_starts_total"))
        .as("nothing was held")
        .isZero();
    assertThat(session.bargeIns).isEmpty();
  }

  @Test
  void keyPressesReachTheSessionAsText() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(start(bridge(Map.of("DTMF_TEXT", "pressed %s"), new AiFlavors()), session));
    await().atMost(WAIT).until(() -> session.frames.get() > 5);
    caller.pressKey('7');
    await().atMost(WAIT).until(() -> !session.texts.isEmpty());
    assertThat(session.texts).containsExactly("pressed 7");
  }

  @Test
  void hangUpToolWaitsUntilTheGoodbyeHasPlayed() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(start(bridge(Map.of(), new AiFlavors()), session));
    session.speak(1000, "goodbye");
    JsonObject result =
        get(
            Future.<JsonObject>future(
                p ->
                    bridge
                        .context()
                        .runOnContext(
                            v -> bridge.invokeTool("hang_up", new JsonObject()).onComplete(p))));

    assertThat(result.getString("result")).isEqualTo("call ended");
    assertThat(hangups).containsExactly(EndCause.HANGUP);
    assertThat(playingAtHangup).containsExactly(false);
    assertThat(caller.loudReceived.get())
        .as("the whole goodbye went out")
        .isGreaterThanOrEqualTo(45);
    // The session's held-back last turn is in the transcript by the time the call ends.
    assertThat(transcriptAtHangup).containsExactly("goodbye", "held-back goodbye");
  }

  @Test
  void backEndDownAtStartPlaysTheApologyThenHangsUpAsAiFailed() throws Exception {
    RecordingAiSession session =
        new RecordingAiSession(
            8000, Future.failedFuture(new AiUnavailableException("connection refused")));
    AiBridge c = bridge(Map.of(), new AiFlavors());
    Future<Void> started = start(c, session);
    await().atMost(WAIT).until(started::isComplete);
    assertThat(started.failed()).isTrue();
    c.context().runOnContext(v -> c.apologizeAndHangUp());

    await().atMost(WAIT).until(() -> !hangups.isEmpty());
    assertThat(hangups).containsExactly(EndCause.AI_FAILED);
    assertThat(playingAtHangup).containsExactly(false);
    long apologyPackets = Apology.shipped().durationMillis() / 20;
    assertThat(caller.loudReceived.get())
        .as("the apology was heard")
        .isGreaterThan((int) (apologyPackets / 3));
  }

  @Test
  void midCallFailureContinuesWithTheFallbackFlavor() throws Exception {
    RecordingAiSession first = new RecordingAiSession(8000, Future.succeededFuture());
    RecordingAiSession second = new RecordingAiSession(16000, Future.succeededFuture());
    AiFlavors flavors =
        new AiFlavors()
            .add(
                new AiSessionFactory() {
                  @Override
                  public String flavor() {
                    return "backup";
                  }

                  @Override
                  public AiSession create(AiCallInfo info, AgentProfile profile) {
                    return second;
                  }
                });
    get(start(bridge(Map.of("AI_FALLBACK", "flavor:backup"), flavors), first));
    caller.talking.set(true);
    bridge.context().runOnContext(v -> bridge.failed(new IllegalStateException("socket closed")));

    await().atMost(WAIT).until(() -> second.loudFrames.get() >= 5);
    assertThat(first.closed).isTrue();
    assertThat(second.wrongSizeFrames.get()).as("the new session gets its own rate").isZero();
    assertThat(onContext(() -> bridge.profile().flavor())).isEqualTo("backup");
    assertThat(hangups).isEmpty();
  }

  @Test
  void fallbackTransferThatFailsEndsInTheApology() throws Exception {
    mi =
        org.oavc.connector.opensips.MiClient.create(
            vertx,
            new org.oavc.connector.opensips.MiClientOptions()
                .setHost("127.0.0.1")
                .setPort(9)
                .setTimeout(Duration.ofMillis(300))
                .setRetries(0));
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(
        start(
            bridge(Map.of("AI_FALLBACK", "transfer:sip:human@127.0.0.1"), new AiFlavors()),
            session));
    bridge.context().runOnContext(v -> bridge.failed(new IllegalStateException("socket closed")));

    await().atMost(WAIT).until(() -> !hangups.isEmpty());
    assertThat(hangups).containsExactly(EndCause.AI_FAILED);
    assertThat(caller.loudReceived.get()).as("the apology was heard").isPositive();
    assertThat(
            meters
                .find("oavc_ai_sessions_total")
                .tag("outcome", "failed_midcall")
                .counter()
                .count())
        .isEqualTo(1);
    get(mi.close());
  }

  @Test
  void turnTimingsBecomeStageTimersWithoutTheStagesAFlavorLacks() throws Exception {
    RecordingAiSession session = new RecordingAiSession(8000, Future.succeededFuture());
    get(start(bridge(Map.of(), new AiFlavors()), session));
    onContext(
        () -> {
          bridge.turnTimings(new TurnTimings(-1, -1, 250, 300));
          return null;
        });
    assertThat(meters.find("oavc_ai_turn_seconds").tag("stage", "tts_first_byte").timer().count())
        .isEqualTo(1);
    assertThat(
            meters
                .find("oavc_ai_turn_seconds")
                .tag("stage", "first_audio")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(300.0);
    assertThat(meters.find("oavc_ai_turn_seconds").tag("stage", "stt_final").timer()).isNull();
  }

  private <T> T onContext(java.util.function.Supplier<T> read) throws Exception {
    return get(Future.<T>future(p -> bridge.context().runOnContext(v -> p.complete(read.get()))));
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
