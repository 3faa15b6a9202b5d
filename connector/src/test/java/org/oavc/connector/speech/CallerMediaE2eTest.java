package org.oavc.connector.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;

/**
 * The speech-test plumbing on a real call, no AI needed: SIPp calls through the OpenSIPS target
 * with an SDP offer naming {@link CallerMedia}; the daemon answers; the Java peer speaks a FreeTTS
 * prompt as RTP and the connector counts it in; the connector's own RTP reaches the peer; the
 * operator's hang-up is our BYE, which SIPp answers.
 */
class CallerMediaE2eTest {
  private OpenSipsTarget target;
  private SpeechConnector connector;
  private CallerMedia media;

  @BeforeEach
  void open() {
    assumeTrue(SippRunner.isAvailable(), "sipp (Debian sip-tester) is not installed");
    target = OpenSipsTarget.fromEnvironment();
  }

  @AfterEach
  void close() throws Exception {
    if (media != null) {
      media.close();
    }
    if (connector != null) {
      connector.close();
    }
    target.close();
  }

  @ParameterizedTest
  @EnumSource(CallerMedia.Codec.class)
  void callerSpeechReachesTheConnectorAndOurByeEndsTheCall(CallerMedia.Codec codec)
      throws Exception {
    // An echo flavor, where one exists, must not stop the plumbing; no AI service is running.
    connector = SpeechConnector.start(target, 10, Map.of("AI_FLAVOR", "echo"));
    media = CallerMedia.open(codec);
    CompletableFuture<SippResult> sipp =
        SpeechSipp.call(target.sipAddress(), media, Duration.ofSeconds(40));

    CallView call = connector.awaitAnswered();
    assertThat(call.codec()).isEqualToIgnoringCase(codec.name());
    await("the connector's first RTP packet")
        .atMost(Duration.ofSeconds(10))
        .until(() -> media.remote() != null);
    assertThat(media.remote().getPort()).isEqualTo(call.localRtpPort());

    long before = connector.view(call.key()).rtpPacketsIn();
    short[] prompt = SpeechPrompts.say(SpeechPrompts.WHAT_TIME, media.sampleRate());
    CallerMedia.Spoken spoken = media.say(prompt).get(20, TimeUnit.SECONDS);
    assertThat(spoken.lastSpeechNanos()).isGreaterThan(spoken.firstSpeechNanos());
    long promptPackets = prompt.length / (media.sampleRate() / 50);
    await("the prompt's packets counted in")
        .atMost(Duration.ofSeconds(10))
        .until(() -> connector.view(call.key()).rtpPacketsIn() - before >= promptPackets);

    // What the peer sent is what Vosk hears: the prompts and the ear both work on this path.
    List<String> heard = SpeechCheck.words(prompt, media.sampleRate());
    assertThat(heard).contains("time");
    assertThat(media.received().size()).as("connector RTP recorded").isGreaterThan(0);
    assertThat(media.packetsSent()).isGreaterThanOrEqualTo(promptPackets);

    assertThat(connector.hangUp(call.key())).isBetween(200, 204);
    SippResult result = sipp.get(60, TimeUnit.SECONDS);
    assertThat(result.allCallsSucceeded()).as("SIPp in %s", result.outputDir()).isTrue();
    assertThat(SpeechSipp.receivedBye(result)).isTrue();
    assertThat(connector.awaitEnded(call.key(), Duration.ofSeconds(20)).endCause())
        .isEqualTo(EndCause.HANGUP);
  }
}
