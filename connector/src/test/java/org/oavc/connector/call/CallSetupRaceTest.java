package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.Future;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.testdouble.OpenSipsDouble;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.oavc.connector.testdouble.SippOptions;
import org.oavc.connector.testdouble.SippResult;
import org.oavc.connector.testdouble.SippRunner;
import org.slf4j.LoggerFactory;

/**
 * The 200 leaves before the RTP socket is bound. These tests hold the bind (a gate in front of the
 * real RTP factory) or make it fail (the port taken by another socket) and check that no order of
 * 200, bind, CANCEL and BYE leaves a silent call, a leaked port or a bound socket; and that nothing
 * waking another thread (the bind, the NEW log line) comes before the 200's send.
 */
class CallSetupRaceTest {
  private OpenSipsTarget target;
  private OpenSipsDouble dbl;
  private SetupHarness h;
  private final Logger callLog = (Logger) LoggerFactory.getLogger("oavc.call");
  private AppenderBase<ILoggingEvent> lines;

  @BeforeEach
  void openTarget() {
    assumeTrue(SippRunner.isAvailable(), "sipp (Debian sip-tester) is not installed");
    target = OpenSipsTarget.fromEnvironment();
    assumeTrue(target.isDouble(), "stages events by hand: the OpenSIPS double only");
    dbl = target.requireDouble();
  }

  @AfterEach
  void close() throws Exception {
    if (lines != null) {
      callLog.detachAppender(lines);
    }
    try {
      if (h != null) {
        h.close();
      }
    } finally {
      target.close();
    }
  }

  @Test
  void the200LeavesWhileTheBindIsHeldAndTheAgentGetsTheCallWithItsMedia() throws Exception {
    h = SetupHarness.start(target, freeUdpPort());
    h.media.hold();
    Future<SippResult> call = place("uac-wait-bye.xml");

    CallView active = h.awaitCall(CallState.ACTIVE); // the caller has our 200 and sent ACK
    assertThat(h.media.waitingCount()).isEqualTo(1);
    assertThat(h.agent.answered).isEmpty();

    h.media.release();
    await().atMost(Duration.ofSeconds(10)).until(() -> h.agent.answered.contains(active.key()));
    assertThat(h.agent.answeredWithoutMedia).isEmpty();
    h.controller()
        .hangup(active.key())
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    SippResult r = finished(call);
    assertThat(r.allCallsSucceeded()).as("caller got our BYE, SIPp in %s", r.outputDir()).isTrue();
    h.awaitNoPortInUse();
    assertThat(h.agent.ended).containsExactly(active.key());
    assertPortFree(active.localRtpPort());
  }

  @Test
  void byeBeforeTheBindEndsTheCallAndTheLateSocketIsClosedBeforeThePortIsReleased()
      throws Exception {
    h = SetupHarness.start(target, freeUdpPort());
    h.media.hold();
    Future<SippResult> call =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-answer-bye.xml")
                .setTarget(target.sipAddress())
                .setPause(Duration.ofMillis(100))
                .setTimeout(Duration.ofSeconds(30)));

    CallView ended = h.awaitCall(CallState.ENDED);
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_BYE);
    assertThat(finished(call).allCallsSucceeded()).isTrue();
    assertThat(h.ports.inUse()).as("port held while its bind is pending").isEqualTo(1);

    h.media.release();
    h.awaitNoPortInUse();
    assertThat(h.media.openedCount()).isEqualTo(1); // it did bind, and was closed again
    assertPortFree(ended.localRtpPort());
    assertThat(h.agent.answered).isEmpty();
    assertThat(h.agent.ended).isEmpty();
  }

  @Test
  void cancelCrossingOurAnswerBeforeTheBindHangsUpAndReleasesEverything() throws Exception {
    h = SetupHarness.start(target, freeUdpPort());
    h.media.hold();
    Future<SippResult> call = place("uac-wait-bye.xml");
    CallView active = h.awaitCall(CallState.ACTIVE);

    // The caller's CANCEL crossed our 200 (RFC 3261 9.2): OpenSIPS reports it as TERMINATED.
    h.controller()
        .handle(
            new UaSessionEvent(
                active.key(),
                UaSessionEvent.Type.TERMINATED,
                "UAS",
                0,
                null,
                "CANCEL",
                null,
                null));

    SippResult r = finished(call);
    assertThat(r.allCallsSucceeded()).as("caller got our BYE, SIPp in %s", r.outputDir()).isTrue();
    assertThat(h.awaitCall(CallState.ENDED).endCause()).isEqualTo(EndCause.CALLER_CANCEL);
    h.media.release();
    h.awaitNoPortInUse();
    assertPortFree(active.localRtpPort());
    assertThat(h.agent.answered).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> dbl.sessionKeys().isEmpty());
  }

  @Test
  void anAnsweredCallWhoseMediaNeverComesUpIsHungUpByTheWatchdog() throws Exception {
    h = SetupHarness.start(target, freeUdpPort(), Duration.ZERO, Duration.ofSeconds(2));
    h.media.hold(); // and never released before the watchdog fires
    Future<SippResult> call = place("uac-wait-bye.xml");

    SippResult r = finished(call);
    assertThat(r.allCallsSucceeded()).as("caller got our BYE, SIPp in %s", r.outputDir()).isTrue();
    assertThat(h.awaitCall(CallState.ENDED).endCause()).isEqualTo(EndCause.SETUP_TIMEOUT);
    assertThat(h.ports.inUse()).as("port held while its bind is pending").isEqualTo(1);
    h.media.release();
    h.awaitNoPortInUse();
    assertThat(h.agent.answered).isEmpty();
  }

  @Test
  void bindFailingAfterThe200IsConfirmedHangsUpWithSetupError() throws Exception {
    try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      h = SetupHarness.start(target, squatter.getLocalPort());
      h.media.hold();
      Future<SippResult> call = place("uac-wait-bye.xml");
      h.awaitCall(CallState.ACTIVE);

      h.media.release(); // the bind now fails: the port is taken

      assertBindFailureHungUp(call);
    }
  }

  @Test
  void bindFailingWhileThe200IsUnconfirmedHangsUpOnceItIs() throws Exception {
    try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      h = SetupHarness.start(target, squatter.getLocalPort());
      // No gate, slow MI replies: the bind fails while the 200's "OK" is still on its way.
      dbl.delayMiReplies(300);
      assertBindFailureHungUp(place("uac-wait-bye.xml"));
    }
  }

  @Test
  void bindFailingDuringTheRingGetsA500AndNo200() throws Exception {
    try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      // With a ring time the bind starts at once and fails while the caller still hears 180.
      h = SetupHarness.start(target, squatter.getLocalPort(), Duration.ofMillis(500));
      SippResult r = finished(place("uac-no-answer.xml"));

      assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
      CallView ended = h.awaitCall(CallState.ENDED);
      assertThat(ended.endCause()).isEqualTo(EndCause.SETUP_ERROR);
      assertThat(ended.finalStatus()).isEqualTo(500);
      assertThat(dbl.miRequests()).noneMatch(w -> w.text().contains("\"code\":200"));
      h.awaitNoPortInUse();
      assertThat(h.counter("oavc_call_setup_media_failures_total")).isEqualTo(1.0);
    }
  }

  private void assertBindFailureHungUp(Future<SippResult> call) throws Exception {
    SippResult r = finished(call);
    assertThat(r.allCallsSucceeded()).as("caller got our BYE, SIPp in %s", r.outputDir()).isTrue();
    assertThat(h.awaitCall(CallState.ENDED).endCause()).isEqualTo(EndCause.SETUP_ERROR);
    h.awaitNoPortInUse();
    assertThat(h.counter("oavc_call_setup_media_failures_total")).isEqualTo(1.0);
    assertThat(h.agent.answered).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> dbl.sessionKeys().isEmpty());
  }

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void the200GoesToMiBeforeTheBindStartsAndBeforeTheNewLine() throws Exception {
    h = SetupHarness.start(target, freeUdpPort());
    noteCallLines();
    SippResult r = finished(place("uac-answer-bye.xml"));

    assertThat(r.allCallsSucceeded()).as("SIPp in %s", r.outputDir()).isTrue();
    String key = h.awaitCall(CallState.ENDED).key();
    // Waking the bind's event loop or the log writer before the send let them take the core first.
    List<String> order = h.order.stream().filter(e -> e.endsWith(key)).toList();
    assertThat(order).startsWith("reply 200 " + key).contains("bind " + key, "log NEW " + key);
    assertThat(order).filteredOn(e -> e.startsWith("log NEW")).hasSize(1);
  }

  @Test
  void aRejectedCallsNewLineStillComesFirst() throws Exception {
    h = SetupHarness.start(target, freeUdpPort());
    noteCallLines();
    finished(place("uac-g729-only.xml"));

    String key = h.awaitCall(CallState.ENDED).key();
    List<String> logged =
        h.order.stream().filter(e -> e.startsWith("log ") && e.endsWith(key)).toList();
    assertThat(logged).startsWith("log NEW " + key, "log REJECT " + key);
    assertThat(h.order).contains("reply 488 " + key).doesNotContain("bind " + key);
  }

  /** The call's log lines go into the harness's order too, as "log WORD KEY" when logged. */
  private void noteCallLines() {
    List<String> order = h.order;
    lines =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent e) {
            String[] w = e.getFormattedMessage().split(" ", 3);
            if (w.length > 1 && w[0].startsWith("key=")) {
              order.add("log " + w[1] + " " + w[0].substring(4));
            }
          }
        };
    lines.start();
    callLog.addAppender(lines);
  }

  private Future<SippResult> place(String scenario) {
    return SippRunner.run(
        new SippOptions()
            .setScenario(scenario)
            .setTarget(target.sipAddress())
            .setTimeout(Duration.ofSeconds(40)));
  }

  private static SippResult finished(Future<SippResult> run) throws Exception {
    return run.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  /** A port nothing listens on right now (the kernel's pick); the pool gets just that one. */
  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return s.getLocalPort();
    }
  }

  /** Nothing holds {@code port} any more: we can bind it ourselves. */
  private static void assertPortFree(int port) throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }
}
