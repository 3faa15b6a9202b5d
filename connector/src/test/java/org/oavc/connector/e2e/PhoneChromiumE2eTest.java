package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.media.rtpengine.RtpEngineProcess;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser phone in a real headless Chromium (Debian's chromium and chromium-driver): the page
 * the daemon serves starts JsSIP, connects to the configured SIP WebSocket and, on "Call", sends
 * the INVITE a browser sends (WebRTC offer: DTLS-SRTP, ICE, Opus at 48 kHz, RFC 4733 events); a
 * refusal shows on the page; and a whole call through the OpenSIPS double's SIP WebSocket, the
 * connector and a real rtpengine, heard back in the page.
 */
class PhoneChromiumE2eTest extends SippE2eTestBase {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path profile;
  private SipWebSocketPeer sip;
  private ChromeDriver browser;
  private RtpEngineProcess engine;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
    if (sip != null) {
      sip.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  private ChromeDriver chromium(String... extraArguments) {
    return HeadlessChromium.start(profile, extraArguments);
  }

  /** A screenshot of the page into target/phone-screenshots, to look at its states. */
  private void screenshot(String state) throws java.io.IOException {
    Path dir = Path.of("target", "phone-screenshots");
    Files.createDirectories(dir);
    Files.write(
        dir.resolve(state + ".png"), browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
  }

  private Object js(String expression) {
    return ((JavascriptExecutor) browser).executeScript("return " + expression);
  }

  @Test
  void thePageCallsTheAgentWithAWebRtcOfferAndShowsARefusal() throws Exception {
    assumeTrue(HeadlessChromium.isAvailable(), HeadlessChromium.MISSING);
    sip = new SipWebSocketPeer();
    sip.respondWith(
        req -> req.startsWith("INVITE ") ? SipWebSocketPeer.reply(req, 486, "Busy Here") : null);
    startConnector(
        Map.of(
            "PHONE_SIP_WS_URL",
            "ws://127.0.0.1:" + sip.port(),
            "PHONE_TARGET",
            "sip:agent@127.0.0.1"));
    browser = chromium();
    String page = "http://127.0.0.1:" + connector.daemon.httpPort() + "/phone/";
    browser.get(page);

    await("the page's SIP WebSocket")
        .atMost(WAIT)
        .until(() -> "ready".equals(js("window.oavcPhone.state")));
    assertThat(sip.origins).containsExactly("http://127.0.0.1:" + connector.daemon.httpPort());
    browser.findElement(By.id("call")).click();

    String invite =
        await("the INVITE").atMost(WAIT).until(() -> sip.request("INVITE"), r -> r != null);
    assertThat(invite).startsWith("INVITE sip:agent@127.0.0.1 SIP/2.0");
    assertThat(invite)
        .containsPattern("(?m)^Via: SIP/2.0/WS ")
        .containsPattern("(?m)^Contact: <sip:[^>]+\\.invalid;transport=ws")
        .containsPattern("m=audio \\d+ UDP/TLS/RTP/SAVPF")
        .containsPattern("a=fingerprint:sha-256 ")
        .contains("a=ice-ufrag:")
        .containsPattern("a=rtpmap:\\d+ opus/48000/2")
        .containsPattern("a=rtpmap:\\d+ telephone-event/8000");
    assertThat(js("window.oavcPhone.callId")).isEqualTo(callIdOf(invite));

    await("the refusal on the page")
        .atMost(WAIT)
        .until(() -> String.valueOf(js("window.oavcPhone.error")), e -> e.contains("Busy"));
    assertThat(browser.findElement(By.id("status")).getText()).contains("Call failed (Busy)");
    assertThat(browser.findElement(By.id("call")).isEnabled()).isTrue();
    screenshot("refused");
    assertThat(sip.request("ACK")).as("the 486 acknowledged").isNotNull();
  }

  /**
   * The whole path in a real browser: the page calls through the OpenSIPS double's SIP WebSocket
   * (or a real OpenSIPS with OPENSIPS_WS), the connector bridges the browser's DTLS-SRTP/ICE media
   * through a real rtpengine and the echo agent plays the fake microphone's tone back, which the
   * page hears (WebAudio energy of the received track); a keypad press reaches the connector as an
   * RFC 4733 digit; hang-up from the page, then from the connector, ends both sides.
   */
  @Test
  void aCallFromThePageIsHeardBackThroughRtpengineAndEndsFromEitherSide() throws Exception {
    assumeTrue(HeadlessChromium.isAvailable(), HeadlessChromium.MISSING);
    assumeTrue(RtpEngineProcess.isAvailable(), RtpEngineProcess.MISSING);
    target.close();
    target = OpenSipsTarget.withWebSocket();
    engine = RtpEngineProcess.start("phone", 22220, 22259);
    startConnector(
        Map.of(
            "RTPENGINE_NG",
            engine.ngAddress(),
            "AI_FLAVOR",
            "echo",
            "ECHO_DELAY_MS",
            "300",
            "PHONE_SIP_WS_URL",
            target.webSocketUrl(),
            "PHONE_TARGET",
            "sip:echo@" + target.sipAddress().getAddress().getHostAddress()));
    Path tone = profile.resolveSibling(profile.getFileName() + "-tone.wav");
    ToneWav.write(tone, 16000, 440, 5);
    browser =
        chromium(
            "--use-file-for-fake-audio-capture=" + tone, "--allow-loopback-in-peer-connection");
    browser.get("http://127.0.0.1:" + connector.daemon.httpPort() + "/phone/");
    await("the page's SIP WebSocket")
        .atMost(WAIT)
        .until(() -> "ready".equals(js("window.oavcPhone.state")));

    screenshot("ready");
    browser.findElement(By.id("call")).click();
    await("answered").atMost(WAIT).until(() -> "connected".equals(js("window.oavcPhone.state")));
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    assertThat(live.codec()).as("wideband end to end").isEqualTo("opus");
    assertThat(engine.hasCall(live.key())).isTrue();
    await("the agent's audio heard in the page")
        .atMost(WAIT)
        .until(() -> ((Number) js("window.oavcPhone.heardEnergy")).doubleValue() > 0.001);
    assertThat(String.valueOf(js("window.oavcPhone.codec"))).startsWith("opus/48000");

    browser.findElement(By.cssSelector("#keypad button[data-digit='5']")).click();
    await("the stats on the page")
        .atMost(WAIT)
        .until(() -> browser.findElement(By.id("codec")).getText().startsWith("opus"));
    screenshot("connected");
    await("the key press as an RFC 4733 digit")
        .atMost(WAIT)
        .until(() -> connector.counter("oavc_media_dtmf_digits_total", "direction", "in") >= 1);

    browser.findElement(By.id("hangup")).click();
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.CALLER_BYE);
    await("rtpengine forgot the call").atMost(WAIT).until(() -> !engine.hasCall(live.key()));

    browser.findElement(By.id("call")).click();
    await("answered again")
        .atMost(WAIT)
        .until(() -> "connected".equals(js("window.oavcPhone.state")));
    CallView second = connector.awaitLiveCall(CallState.ACTIVE);
    assertThat(connector.http("DELETE", "/calls/" + second.key()).statusCode()).isEqualTo(202);
    await("the connector's hang-up on the page")
        .atMost(WAIT)
        .until(() -> "ended".equals(js("window.oavcPhone.state")));
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("The agent hung up");
    screenshot("ended");
    connector.awaitEnded(second.key());
    connector.awaitNoPortInUse();
  }

  private static String callIdOf(String request) {
    for (String line : request.split("\r\n")) {
      if (line.regionMatches(true, 0, "Call-ID:", 0, 8)) {
        return line.substring(8).trim();
      }
    }
    throw new AssertionError("no Call-ID in " + request);
  }
}
