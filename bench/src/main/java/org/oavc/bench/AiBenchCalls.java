package org.oavc.bench;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.speech.CallerMedia;
import org.oavc.connector.speech.LocalAi;
import org.oavc.connector.speech.RtpRecording;
import org.oavc.connector.speech.SpeechConnector;
import org.oavc.connector.speech.SpeechPrompts;
import org.oavc.connector.speech.SpeechSipp;
import org.oavc.connector.speech.WsTap;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippResult;

/** Speech calls for the AI benches: the daemon for one flavor and the calls placed on it. */
final class AiBenchCalls implements AutoCloseable {
  /** One placed call: the Java caller, SIPp's run, the connector's key. */
  record Call(
      CallerMedia media,
      CompletableFuture<SippResult> sipp,
      String key,
      SpeechConnector connector) {
    void hangUp() throws Exception {
      connector.hangUp(key);
      sipp.get(60, TimeUnit.SECONDS);
      media.close();
    }
  }

  private final OpenSipsTarget target;
  private final SpeechConnector connector;
  private final LocalAi ai;
  private final String flavor;
  private final Set<String> known = new HashSet<>();
  private final List<CallerMedia> medias = new ArrayList<>();

  private AiBenchCalls(
      OpenSipsTarget target, SpeechConnector connector, LocalAi ai, String flavor) {
    this.target = target;
    this.connector = connector;
    this.ai = ai;
    this.flavor = flavor;
  }

  static AiBenchCalls start(LocalAi ai, String flavor, boolean greet, int rtpPorts)
      throws Exception {
    return start(ai, flavor, greet, rtpPorts, Map.of());
  }

  /** As above, with connector settings of the run on top of the local stack's. */
  static AiBenchCalls start(
      LocalAi ai, String flavor, boolean greet, int rtpPorts, Map<String, String> extra)
      throws Exception {
    OpenSipsTarget target = OpenSipsTarget.fromEnvironment();
    Map<String, String> settings = new HashMap<>(ai.settings(flavor, greet));
    settings.putAll(extra);
    return new AiBenchCalls(target, SpeechConnector.start(target, rtpPorts, settings), ai, flavor);
  }

  SpeechConnector connector() {
    return connector;
  }

  /**
   * Places a PCMU call and returns once RTP flows, the AI session is set up (STT config or
   * session.update seen by the relay) and half a second of call has passed.
   */
  Call place() throws Exception {
    WsTap tap = flavor.equals("realtime") ? ai.realtimeTap() : ai.sttTap();
    int setUps = tap.fromClient(AiBenchCalls::isSetUp).size();
    CallerMedia media = CallerMedia.open(CallerMedia.Codec.PCMU);
    medias.add(media);
    CompletableFuture<SippResult> sipp =
        SpeechSipp.call(target.sipAddress(), media, Duration.ofSeconds(300));
    CallView view =
        await("a new answered call")
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    connector.daemon().calls().registry().live().stream()
                        .filter(v -> v.state() == CallState.ACTIVE && !known.contains(v.key()))
                        .findFirst()
                        .orElse(null),
                v -> v != null);
    known.add(view.key());
    await("the AI session set up")
        .atMost(Duration.ofSeconds(30))
        .until(() -> tap.fromClient(AiBenchCalls::isSetUp).size() > setUps);
    int frames = media.received().size();
    await("RTP from the connector")
        .atMost(Duration.ofSeconds(10))
        .until(() -> media.received().size() >= frames + 25);
    return new Call(media, sipp, view.key(), connector);
  }

  private static boolean isSetUp(WsTap.Message m) {
    return m.json().containsKey("config") || m.type().equals("session.update");
  }

  /** Waits for {@code millis} of the agent's speech; returns when its speech started. */
  static long awaitSpeech(RtpRecording rec, long millis) {
    long start =
        await("agent speech")
            .atMost(Duration.ofSeconds(30))
            .until(() -> rec.firstSpeechSince(0), t -> t.isPresent())
            .getAsLong();
    await("agent speech for " + millis + " ms")
        .atMost(Duration.ofSeconds(30))
        .until(() -> rec.speechMillisSince(start) >= millis);
    return start;
  }

  /** The last voiced frame after {@code since} that is followed by {@code gapMillis} of quiet. */
  static OptionalLong lastSpeechBeforeGap(RtpRecording rec, long since, long gapMillis) {
    return await("a gap in the agent's speech")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              List<RtpRecording.Frame> frames = rec.since(since);
              long lastVoiced = -1;
              for (RtpRecording.Frame f : frames) {
                if (f.speech()) {
                  lastVoiced = f.arrivalNanos();
                } else if (lastVoiced >= 0
                    && f.arrivalNanos() - lastVoiced >= gapMillis * 1_000_000L) {
                  return OptionalLong.of(lastVoiced);
                }
              }
              return null;
            },
            r -> r != null);
  }

  /** {@code n} pipeline calls at once, each asking the time once, in step. */
  static void concurrent(LocalAi ai, String flavor, int n) throws Exception {
    long[] m2e = new long[n];
    int answered = 0;
    long frames = 0;
    long late = 0;
    try (AiBenchCalls calls = start(ai, flavor, false, Math.max(4, 2 * n))) {
      List<Call> placed = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        try {
          placed.add(calls.place());
        } catch (org.awaitility.core.ConditionTimeoutException notSetUp) {
          // e.g. STT connect over AI_CONNECT_TIMEOUT_MS: the caller got the apology
          System.out.printf(
              "(call %d of %d: AI session not set up: %s)%n",
              i + 1, n, notSetUp.getMessage().split(" because")[0]);
        }
      }
      List<CompletableFuture<CallerMedia.Spoken>> questions = new ArrayList<>();
      for (Call c : placed) {
        questions.add(c.media().say(SpeechPrompts.say(SpeechPrompts.WHAT_TIME, 8000)));
      }
      for (int i = 0; i < placed.size(); i++) {
        Call c = placed.get(i);
        CallerMedia.Spoken q = questions.get(i).get(60, TimeUnit.SECONDS);
        try {
          RtpRecording.Reply r =
              c.media().received().awaitReply(q.lastSpeechNanos(), 1000, Duration.ofSeconds(60));
          m2e[answered++] = r.firstSpeechNanos() - q.lastSpeechNanos();
        } catch (org.awaitility.core.ConditionTimeoutException noReply) {
          // counted as not answered
        }
        List<RtpRecording.Frame> got = c.media().received().frames();
        for (int k = 1; k < got.size(); k++) {
          frames++;
          if (got.get(k).arrivalNanos() - got.get(k - 1).arrivalNanos() > 60_000_000L) {
            late++;
          }
        }
      }
      for (Call c : placed) {
        c.hangUp();
      }
    }
    Percentiles p = new Percentiles(m2e, answered);
    System.out.printf(
        "| %s | %d | %d | %.0f | %.0f | %.2f |%n",
        flavor,
        n,
        answered,
        p.micros(50) / 1000,
        p.micros(90) / 1000,
        frames == 0 ? 0 : 100.0 * late / frames);
  }

  @Override
  public void close() throws Exception {
    medias.forEach(CallerMedia::close);
    try {
      connector.close();
    } finally {
      target.close();
    }
  }
}
