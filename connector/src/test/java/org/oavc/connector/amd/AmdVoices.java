package org.oavc.connector.amd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.speech.Pcm;
import org.oavc.connector.speech.SpeechPrompts;

/**
 * The voices of the labelled set: FreeTTS (in-process), espeak-ng and flite (Debian packages, run
 * as processes). Each line is synthesised once per JVM, as mono PCM at 16 kHz, normalised to -20
 * dBFS over its voiced part so that no engine is simply louder than another.
 */
public final class AmdVoices {
  /** A synthesiser and one of its voices. */
  public record Voice(String name, String engine, String variant) {}

  public static final List<Voice> ALL =
      List.of(
          new Voice("freetts-kevin16", "freetts", "kevin16"),
          new Voice("espeak-us-male", "espeak-ng", "en-us"),
          new Voice("espeak-gb-female", "espeak-ng", "en-gb+f3"),
          new Voice("flite-slt", "flite", "slt"),
          new Voice("flite-awb", "flite", "awb"),
          new Voice("flite-rms", "flite", "rms"));

  private static final Map<String, short[]> CACHE = new ConcurrentHashMap<>();

  private AmdVoices() {}

  /** Drops the synthesised lines (a test that is done with them). */
  public static void forget() {
    CACHE.clear();
  }

  /** The voices whose engine is installed (FreeTTS always is). */
  public static List<Voice> available() {
    List<Voice> out = new ArrayList<>();
    for (Voice v : ALL) {
      if (v.engine().equals("freetts") || onPath(v.engine())) {
        out.add(v);
      }
    }
    return out;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} in {@code voice}, 16 kHz mono, speech at -20 dBFS. */
  public static short[] say(Voice voice, String text) {
    return CACHE
        .computeIfAbsent(voice.name() + "|" + text, k -> normalise(synthesise(voice, text)))
        .clone();
  }

  private static short[] synthesise(Voice voice, String text) {
    if (voice.engine().equals("freetts")) {
      return SpeechPrompts.say(text, 16000);
    }
    try {
      Path wav = Files.createTempFile("amd-voice", ".wav");
      try {
        List<String> command =
            voice.engine().equals("flite")
                ? List.of("flite", "-voice", voice.variant(), "-t", text, "-o", wav.toString())
                : List.of("espeak-ng", "-v", voice.variant(), "-w", wav.toString(), text);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new IllegalStateException(voice.engine() + " failed: " + out);
        }
        Pcm.Wav w = Pcm.Wav.read(wav);
        return w.rate() == 22050 ? from22050(w.pcm()) : Pcm.resample(w.pcm(), w.rate(), 16000);
      } finally {
        Files.deleteIfExists(wav);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("cannot synthesise with " + voice.name() + ": " + e, e);
    }
  }

  /**
   * espeak-ng speaks at 22.05 kHz, a ratio the media resampler does not take: a windowed-sinc
   * interpolation low-passed at 7.2 kHz (test audio only, so plain and slow is fine).
   */
  static short[] from22050(short[] in) {
    double ratio = 22050.0 / 16000;
    int out = (int) (in.length / ratio);
    short[] pcm = new short[out];
    double cutoff = 7200.0 / 22050; // of the input rate
    int taps = 24;
    for (int i = 0; i < out; i++) {
      double t = i * ratio;
      int centre = (int) Math.floor(t);
      double sum = 0;
      for (int k = centre - taps + 1; k <= centre + taps; k++) {
        if (k < 0 || k >= in.length) {
          continue;
        }
        double x = t - k;
        double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
        double window = 0.5 + 0.5 * Math.cos(Math.PI * x / taps);
        sum += in[k] * sinc * window;
      }
      pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
    }
    return pcm;
  }

  /** Scales so the frames above -50 dBFS have an RMS of -20 dBFS. */
  static short[] normalise(short[] pcm) {
    double sum = 0;
    long n = 0;
    int frame = 320;
    for (int off = 0; off + frame <= pcm.length; off += frame) {
      double rms = Pcm.rms(pcm, off, frame);
      if (rms > 32768 * Math.pow(10, -50 / 20.0)) {
        for (int i = off; i < off + frame; i++) {
          sum += (double) pcm[i] * pcm[i];
        }
        n += frame;
      }
    }
    if (n == 0) {
      throw new IllegalStateException("the synthesiser produced silence");
    }
    double gainDb = -20 - 20 * Math.log10(Math.sqrt(sum / n) / 32768);
    return Pcm.gain(pcm, gainDb);
  }
}
