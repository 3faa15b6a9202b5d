package org.oavc.connector.testdouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real SIPp calls through the target (the double, or a real OpenSIPS via OPENSIPS_MI and
 * OPENSIPS_SIP) with a scripted connector answering over MI.
 */
class SippEndToEndTest {
  private static final String SDP =
      "v=0\r\no=ai-connector 4711 1 IN IP4 127.0.0.1\r\n"
          + "s=ai-connector\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 101\r\n"
          + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";

  private OpenSipsTarget target;
  private ScriptedConnector connector;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(SippRunner.isAvailable(), "sipp (Debian sip-tester) is not installed");
    target = OpenSipsTarget.fromEnvironment();
    connector = new ScriptedConnector(target.miAddress());
    connector.subscribe();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (connector != null) {
      connector.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void answeredCallEndsWithCallerBye() throws Exception {
    Future<SippResult> sipp =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-answer-bye.xml")
                .setTarget(target.sipAddress())
                .setPause(Duration.ofMillis(500))
                .setTimeout(Duration.ofSeconds(30)));

    JsonObject created = connector.awaitEvent(p -> "NEW".equals(p.getString("event_type")));
    String key = created.getString("key");
    assertThat(created.getString("body")).contains("m=audio 6000 RTP/AVP 0 8 9 101");
    assertThat(created.getString("headers")).contains("Max-Forwards: 69\r\n");
    JsonObject reply = connector.answer(key, SDP);
    assertThat(reply.getString("result")).isEqualTo("OK");

    JsonObject ended =
        connector.awaitEvent(
            p -> key.equals(p.getString("key")) && "TERMINATED".equals(p.getString("event_type")));
    assertThat(ended.getString("method")).isEqualTo("BYE");
    SippResult result = await(sipp);
    assertThat(result.allCallsSucceeded()).as("SIPp run in %s", result.outputDir()).isTrue();
    assertThat(result.successfulCalls()).isEqualTo(1);
    JsonObject gone = connector.call("ua_session_list", new JsonObject().put("key", key));
    assertThat(gone.getJsonObject("error").getInteger("code")).isEqualTo(404);
  }

  @Test
  void cancelledCallNeedsTheConnectorsFourEightySeven() throws Exception {
    Future<SippResult> sipp =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-cancel.xml")
                .setTarget(target.sipAddress())
                .setTimeout(Duration.ofSeconds(40)));

    String key =
        connector.awaitEvent(p -> "NEW".equals(p.getString("event_type"))).getString("key");
    connector.call(
        "ua_session_reply",
        new JsonObject()
            .put("key", key)
            .put("method", "INVITE")
            .put("code", 180)
            .put("reason", "Ringing"));
    JsonObject cancelled =
        connector.awaitEvent(
            p -> key.equals(p.getString("key")) && "TERMINATED".equals(p.getString("event_type")));
    assertThat(cancelled.getString("method")).isEqualTo("CANCEL");
    JsonObject reply =
        connector.call(
            "ua_session_reply",
            new JsonObject()
                .put("key", key)
                .put("method", "INVITE")
                .put("code", 487)
                .put("reason", "Request Terminated"));
    assertThat(reply.getString("result")).isEqualTo("OK");

    SippResult result = await(sipp);
    assertThat(result.allCallsSucceeded()).as("SIPp run in %s", result.outputDir()).isTrue();
    String messages =
        Files.readString(result.outputDir().resolve("messages.log"), StandardCharsets.ISO_8859_1);
    assertThat(messages)
        .contains("SIP/2.0 200 canceling")
        .contains("SIP/2.0 487 Request Terminated");
    // the rejected session lingers in state 7 until the connector removes it (fact 19)
    JsonObject listed = connector.call("ua_session_list", new JsonObject().put("key", key));
    assertThat(listed.getJsonObject("result").getInteger("state")).isEqualTo(7);
    connector.call("ua_session_terminate", new JsonObject().put("key", key));
  }

  /** Fault control (double only): the silent session-timer loss of fact 20 with real SIPp. */
  @Test
  void expiredSessionHangsUpTheCallerWithoutAnyEvent() throws Exception {
    OpenSipsDouble dbl = target.requireDouble();
    Future<SippResult> sipp =
        SippRunner.run(
            new SippOptions()
                .setScenario("uac-wait-bye.xml")
                .setTarget(target.sipAddress())
                .setTimeout(Duration.ofSeconds(30)));
    String key =
        connector.awaitEvent(p -> "NEW".equals(p.getString("event_type"))).getString("key");
    connector.answer(key, SDP);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> dbl.sipReceived().stream().anyMatch(r -> r.firstLine().startsWith("ACK ")));
    int events = dbl.eventsSent().size();

    dbl.expireSession(key);

    SippResult result = await(sipp);
    assertThat(result.allCallsSucceeded()).as("SIPp run in %s", result.outputDir()).isTrue();
    connector.call("version", new JsonObject()); // the core has handled SIPp's 200 by now
    assertThat(dbl.eventsSent()).hasSize(events);
    assertThat(dbl.sipSent()).anyMatch(r -> r.firstLine().startsWith("BYE sip:caller@"));
  }

  private static SippResult await(Future<SippResult> sipp) throws Exception {
    return sipp.toCompletionStage()
        .toCompletableFuture()
        .get(60, java.util.concurrent.TimeUnit.SECONDS);
  }
}
