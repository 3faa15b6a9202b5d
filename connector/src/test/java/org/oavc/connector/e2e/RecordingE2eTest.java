package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.recording.StereoWav;

/**
 * Call recordings of real calls: baresip (its microphone plays tone bursts) calls the echo flavor
 * through OpenSIPS (the double, or a real one); the recording is fetched over the management API
 * and its two channels checked for the caller's tone (left) and our echo of it (right), at the
 * call's own rate. A disk that fills mid-call (a small tmpfs, mounted as root) stops the recording
 * and not the call.
 */
class RecordingE2eTest extends BaresipE2eTestBase {
  private static final int ECHO_DELAY_MS = 300;

  @Test
  void aG722CallIsRecordedInWidebandStereoServedLiveAndComplete() throws Exception {
    CallView live = call(BaresipUa.Codec.G722, 5000, Map.of("RECORD_CALLS", "true"));
    awaitCallJson(live.key(), j -> media(j).getLong("voicedFramesIn") >= 50);

    HttpResponse<byte[]> partial = connector.httpBytes("/calls/" + live.key() + "/recording");
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.headers().firstValue("Content-Type")).contains("audio/wav");
    StereoWav sofar = StereoWav.of(partial.body());
    assertThat(sofar.sampleRate()).as("G.722: 16 kHz, no 8 kHz detour").isEqualTo(16000);
    assertThat(sofar.channels()).isEqualTo(2);
    assertThat(sofar.dataSize()).as("written while the call runs").isPositive();

    phone.hangup();
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.CALLER_BYE);
    String path = callJson(live.key()).getString("recording");
    assertThat(path).endsWith(".wav");
    await("the file closed")
        .atMost(WAIT)
        .until(() -> connector.gauge("oavc_recordings_active") == 0);
    StereoWav wav = StereoWav.of(connector.httpBytes("/calls/" + live.key() + "/recording").body());
    assertThat(wav.headerMatchesFile()).isTrue();
    assertThat(wav.dataSize()).isEqualTo(Files.size(Path.of(path)) - 44);
    // 5 kHz survives only a wideband path; the caller's bursts left, our echo of them right
    assertThat(ToneBursts.toneFrames(wav.left(), 16000, 5000)).isGreaterThanOrEqualTo(10);
    assertThat(ToneBursts.toneFrames(wav.right(), 16000, 5000)).isGreaterThanOrEqualTo(10);
    int heard = org.oavc.connector.speech.Pcm.firstLoud(wav.left(), 16000);
    int echoed = org.oavc.connector.speech.Pcm.firstLoud(wav.right(), 16000);
    assertThat((echoed - heard) * 1000L / 16000)
        .as("the echo comes ECHO_DELAY_MS after the caller's burst, in step")
        .isBetween((long) ECHO_DELAY_MS - 60, (long) ECHO_DELAY_MS + 400);
    assertThat(Files.getPosixFilePermissions(Path.of(path)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(connector.counter("oavc_recordings_started_total")).isEqualTo(1.0);
    assertThat(connector.counter("oavc_recordings_failed_total")).isZero();
    connector.awaitNoPortInUse();
  }

  @Test
  void onlyTheFlavorsListedAreRecordedAtTheirOwnRate() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, 1000, Map.of("RECORD_FLAVORS", "pipeline,ECHO"));
    awaitCallJson(live.key(), j -> media(j).getLong("voicedFramesIn") >= 10);
    phone.hangup();
    connector.awaitEnded(live.key());
    await().atMost(WAIT).until(() -> connector.gauge("oavc_recordings_active") == 0);
    StereoWav wav = StereoWav.of(connector.httpBytes("/calls/" + live.key() + "/recording").body());
    assertThat(wav.sampleRate()).as("G.711: 8 kHz").isEqualTo(8000);
    assertThat(ToneBursts.toneFrames(wav.left(), 8000, 1000)).isGreaterThanOrEqualTo(5);
    assertThat(connector.httpBytes("/calls/no-such-call/recording").statusCode()).isEqualTo(404);
    assertThat(connector.httpBytes("/calls/..%2F..%2Fetc%2Fpasswd/recording").statusCode())
        .isEqualTo(404);
  }

  @Test
  void aDiskThatFillsMidCallStopsTheRecordingNotTheCall(@TempDir Path dir) throws Exception {
    Path small = dir.resolve("small");
    Files.createDirectories(small);
    assumeTrue(mount(small, "96k"), "mounting a tmpfs needs root (CI runs as root)");
    try {
      Map<String, String> s = new HashMap<>();
      s.put("RECORD_CALLS", "true");
      s.put("RECORDING_DIR", small.toString());
      s.put("RECORDING_MIN_FREE_MB", "0");
      CallView live = call(BaresipUa.Codec.G722, 5000, s); // 64 kB/s: full in about 1.5 s
      await("the write that found the disk full")
          .atMost(WAIT)
          .until(
              () -> connector.counter("oavc_recordings_failed_total", "reason", "write_failed"),
              n -> n == 1.0);
      long sentAtFailure = media(callJson(live.key())).getLong("packetsOut");
      JsonObject later =
          awaitCallJson(live.key(), j -> media(j).getLong("packetsOut") >= sentAtFailure + 50);
      assertThat(later.getString("state")).isEqualTo("ACTIVE");
      assertThat(connector.gauge("oavc_recordings_active")).isZero();

      StereoWav wav = StereoWav.read(Path.of(later.getString("recording")));
      assertThat(wav.dataSize()).as("what was written still plays").isPositive();
      assertThat(wav.dataSize() % 4).isZero();
      assertThat(wav.dataSize()).isLessThanOrEqualTo(wav.fileSize() - 44);

      phone.hangup();
      assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.CALLER_BYE);
      connector.awaitNoPortInUse();
    } finally {
      if (phone != null) {
        phone.close();
        phone = null;
      }
      if (connector != null) {
        connector.close();
        connector = null;
      }
      run("umount", small.toString());
    }
  }

  private CallView call(BaresipUa.Codec codec, double toneHz, Map<String, String> settings)
      throws Exception {
    Map<String, String> s = new HashMap<>(settings);
    s.put("AI_FLAVOR", "echo");
    s.put("ECHO_DELAY_MS", Integer.toString(ECHO_DELAY_MS));
    s.put("BARGE_IN_MIN_SPEECH_MS", "5000"); // bursts must not flush the echo (see BaresipE2eTest)
    return call(codec, ToneBursts.of(codec.sampleRate, toneHz, 200, 800, 60_000), s);
  }

  private static boolean mount(Path at, String size) throws Exception {
    return run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", at.toString())
        == 0;
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
