package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** G.722 against itself and against Debian ffmpeg's adpcm_g722 (the reference implementation). */
class G722CodecTest {
  /** Two tones, one in each sub-band, so both ADPCM bands and the QMF are exercised. */
  private static final short[] SIGNAL = CodecSignals.tones(16000, 16000, 6000, 440, 1800, 5200);

  @TempDir Path dir;

  private static byte[] encodeFrames(short[] pcm) {
    AudioCodec codec = AudioCodecs.create("G722", 8000, 1);
    byte[] out = new byte[pcm.length / 2];
    for (int off = 0; off < pcm.length; off += 320) {
      codec.encode(pcm, off, 320, out, off / 2);
    }
    return out;
  }

  private static short[] decodeFrames(byte[] codes) {
    AudioCodec codec = AudioCodecs.create("G722", 8000, 1);
    short[] out = new short[codes.length * 2];
    for (int off = 0; off < codes.length; off += 160) {
      codec.decode(codes, off, Math.min(160, codes.length - off), out, off * 2);
    }
    return out;
  }

  @Test
  void ownRoundTripKeepsBothBands() {
    short[] decoded = decodeFrames(encodeFrames(SIGNAL));
    assertThat(CodecSignals.bestSnrDb(SIGNAL, decoded, 64)).isGreaterThan(20);
    short[] highOnly = CodecSignals.tones(16000, 16000, 6000, 5200);
    assertThat(CodecSignals.bestSnrDb(highOnly, decodeFrames(encodeFrames(highOnly)), 64))
        .isGreaterThan(12);
  }

  @Test
  void silenceStaysQuiet() {
    short[] decoded = decodeFrames(encodeFrames(new short[3200]));
    assertThat(CodecSignals.rms(decoded, 0, decoded.length)).isLessThan(20);
  }

  @Test
  void ourDecoderReadsFfmpegStreams() throws Exception {
    Path pcm = writePcm("in.raw", SIGNAL);
    Path g722 = dir.resolve("ff.g722");
    ffmpeg(
        "-f",
        "s16le",
        "-ar",
        "16000",
        "-ac",
        "1",
        "-i",
        pcm.toString(),
        "-c:a",
        "g722",
        "-f",
        "g722",
        g722.toString());
    byte[] codes = Files.readAllBytes(g722);
    assertThat(codes.length).isBetween(7900, 8100);
    short[] ours = decodeFrames(codes);
    assertThat(CodecSignals.bestSnrDb(SIGNAL, ours, 64)).isGreaterThan(20);
    // The same stream decoded by ffmpeg: both decoders must agree closely.
    Path ffDecoded = dir.resolve("ff-dec.raw");
    ffmpeg(
        "-f",
        "g722",
        "-i",
        g722.toString(),
        "-f",
        "s16le",
        "-ar",
        "16000",
        "-ac",
        "1",
        ffDecoded.toString());
    short[] theirs = readPcm(ffDecoded);
    // Measured: bit-exact with ffmpeg 5.1; the margin allows rounding differences elsewhere.
    assertThat(CodecSignals.bestSnrDb(theirs, ours, 8)).isGreaterThan(60);
    // And our encoder makes (nearly) the same bit stream as ffmpeg's from the same input.
    short[] fromOurEncoder = decodeFrames(encodeFrames(SIGNAL));
    assertThat(CodecSignals.bestSnrDb(ours, fromOurEncoder, 8)).isGreaterThan(60);
  }

  @Test
  void ffmpegDecodesOurStreams() throws Exception {
    Path g722 = dir.resolve("ours.g722");
    Files.write(g722, encodeFrames(SIGNAL));
    Path decoded = dir.resolve("ours-dec.raw");
    ffmpeg(
        "-f",
        "g722",
        "-i",
        g722.toString(),
        "-f",
        "s16le",
        "-ar",
        "16000",
        "-ac",
        "1",
        decoded.toString());
    assertThat(CodecSignals.bestSnrDb(SIGNAL, readPcm(decoded), 64)).isGreaterThan(20);
  }

  private Path writePcm(String name, short[] samples) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : samples) {
      buf.putShort(s);
    }
    Path p = dir.resolve(name);
    Files.write(p, buf.array());
    return p;
  }

  private static short[] readPcm(Path p) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    short[] out = new short[buf.remaining() / 2];
    buf.asShortBuffer().get(out);
    return out;
  }

  private static void ffmpeg(String... args) throws Exception {
    Assumptions.assumeTrue(
        ffmpegAvailable(),
        "ffmpeg not installed: G.722 oracle tests skipped (apt-get install ffmpeg)");
    List<String> cmd =
        new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
    assertThat(p.exitValue()).as("ffmpeg said: %s", output).isZero();
  }

  private static boolean ffmpegAvailable() {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
