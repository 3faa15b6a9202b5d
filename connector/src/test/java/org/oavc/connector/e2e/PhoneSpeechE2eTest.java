package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.media.rtpengine.RtpEngineProcess;
import org.oavc.connector.speech.LocalAi;
import org.oavc.connector.speech.Pcm;
import org.oavc.connector.speech.SpeechPrompts;
import org.oavc.connector.testdouble.OpenSipsTarget;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The browser phone talking to the pipeline agent (issue 21): headless Chromium's fake microphone
 * says "what time is it" (FreeTTS), the words travel as Opus through rtpengine and the connector to
 * the local Vosk, the rule agent answers, and the page's transcript shows the greeting, the
 * caller's words and the answer, pushed by the connector while the call lasts.
 */
@Tag("speech")
class PhoneSpeechE2eTest extends SippE2eTestBase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path profile;
  private LocalAi ai;
  private RtpEngineProcess engine;
  private ChromeDriver browser;

  @AfterEach
  void close() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (engine != null) {
      engine.close();
    }
    if (ai != null) {
      ai.close();
    }
  }

  @Test
  void thePageShowsTheCallersWordsAndTheAgentsAnswer() throws Exception {
    assumeTrue(HeadlessChromium.isAvailable(), HeadlessChromium.MISSING);
    assumeTrue(RtpEngineProcess.isAvailable(), RtpEngineProcess.MISSING);
    target.close();
    target = OpenSipsTarget.withWebSocket();
    ai = LocalAi.start();
    engine = RtpEngineProcess.start("phone-speech", 22260, 22299);
    Map<String, String> settings = new HashMap<>(ai.settings("pipeline", true));
    settings.put("RTPENGINE_NG", engine.ngAddress());
    settings.put("PHONE_SIP_WS_URL", target.webSocketUrl());
    settings.put("PHONE_TARGET", "sip:agent@" + target.sipAddress().getAddress().getHostAddress());
    startConnector(settings);

    // The greeting plays during the first seconds of silence; then the question, then silence.
    Path mic = profile.resolveSibling(profile.getFileName() + "-mic.wav");
    Pcm.writeWav(
        mic,
        Pcm.concat(
            Pcm.silence(16000, 6000),
            SpeechPrompts.say(SpeechPrompts.WHAT_TIME, 16000),
            Pcm.silence(16000, 8000)),
        16000);
    browser =
        HeadlessChromium.start(
            profile,
            "--use-file-for-fake-audio-capture=" + mic,
            "--allow-loopback-in-peer-connection");
    browser.get("http://127.0.0.1:" + connector.daemon.httpPort() + "/phone/");
    await("ready").atMost(WAIT).until(() -> "ready".equals(js("window.oavcPhone.state")));
    browser.findElement(By.id("call")).click();

    await("the agent's answer to the caller's question in the page's transcript")
        .atMost(WAIT)
        .until(() -> agentTurnAfterTheQuestion() != null);
    List<String> lines =
        browser.findElements(By.cssSelector("#transcript li")).stream()
            .map(e -> e.getAttribute("class") + ": " + e.getText())
            .toList();
    assertThat(lines.get(0)).isEqualTo("agent: " + LocalAi.GREETING);
    assertThat(lines).anyMatch(l -> l.startsWith("caller: ") && l.contains("time"));
    browser.findElement(By.id("hangup")).click();
    await("ended").atMost(WAIT).until(() -> "ended".equals(js("window.oavcPhone.state")));
    connector.awaitNoPortInUse();
  }

  /** The text of the first agent turn after a caller turn that asks the time, or null. */
  private String agentTurnAfterTheQuestion() {
    Object result =
        js(
            "(function(){var t=window.oavcPhone.transcript,asked=false;"
                + "for(var i=0;i<t.length;i++){"
                + "if(t[i].speaker==='caller'&&t[i].text.indexOf('time')>=0)asked=true;"
                + "else if(asked&&t[i].speaker==='agent')return t[i].text;}"
                + "return null;})()");
    return result == null ? null : result.toString();
  }

  private Object js(String expression) {
    return ((JavascriptExecutor) browser).executeScript("return " + expression);
  }
}
