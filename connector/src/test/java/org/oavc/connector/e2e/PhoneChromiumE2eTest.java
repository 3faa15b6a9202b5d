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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser phone in a real headless Chromium (Debian's chromium and chromium-driver): the page
 * the daemon serves starts JsSIP, connects to the configured SIP WebSocket and, on "Call", sends
 * the INVITE a browser sends (WebRTC offer: DTLS-SRTP, ICE, Opus at 48 kHz, RFC 4733 events); a
 * refusal shows on the page. The SIP side here is a recording WebSocket peer; the full call through
 * the OpenSIPS double and rtpengine is the next step.
 */
class PhoneChromiumE2eTest extends SippE2eTestBase {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path profile;
  private SipWebSocketPeer sip;
  private ChromeDriver browser;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
    if (sip != null) {
      sip.close();
    }
  }

  private ChromeDriver chromium() {
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, o);
  }

  private Object js(String expression) {
    return ((JavascriptExecutor) browser).executeScript("return " + expression);
  }

  @Test
  void thePageCallsTheAgentWithAWebRtcOfferAndShowsARefusal() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromium-driver (Debian) are not installed");
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
    assertThat(sip.request("ACK")).as("the 486 acknowledged").isNotNull();
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
