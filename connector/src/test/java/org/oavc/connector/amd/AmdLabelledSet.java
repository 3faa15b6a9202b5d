package org.oavc.connector.amd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.oavc.common.audio.G711;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.speech.Pcm;

/**
 * A labelled set for answering-machine detection, generated (nothing recorded is committed): human
 * answers ("hello?", "yes, speaking", ...) with and without background noise, and machine greetings
 * of 5-20 s with and without a beep, in every voice of {@link AmdVoices}, each through G.711 (8
 * kHz, mu-law) and G.722 (16 kHz) as the callee's audio would reach us. Deterministic: the noise
 * and the timings come from a fixed seed.
 */
public final class AmdLabelledSet {
  /** One answered call's first seconds, as decoded on our side. */
  public record Sample(
      String id,
      AmdVerdict label,
      String voice,
      String codec,
      boolean noise,
      boolean beep,
      short[] pcm,
      int rate,
      long firstWordMillis,
      long recordingStartsMillis) {}

  public static final List<String> HUMAN =
      List.of(
          "Hello?",
          "Yes, speaking.",
          "Hi, who is this?",
          "Hello, John speaking.",
          "Yeah?",
          "Good morning.",
          // A business line's answer: as long as a short greeting; the timing rules call it a
          // machine, and no rule here can tell (kept to show the limit, not to tune against).
          "Hello, this is John Smith, how can I help you?");

  public static final List<String> MACHINE =
      List.of(
          "Hi, you have reached John Smith. I can't come to the phone right now. Please leave a"
              + " message after the tone and I will get back to you as soon as I can.",
          "The person you are calling is not available. Please leave your message after the beep.",
          "Hello, this is Mary. Sorry I missed your call. Leave your name and number and I will"
              + " call you back.",
          "Thank you for calling Acme Dental. Our office is currently closed. Our hours are Monday"
              + " to Friday, nine to five. Please leave a message with your name, your number and"
              + " the reason for your call, and we will return your call on the next business"
              + " day.",
          "You have reached the voicemail of extension two four one. At the tone, please record"
              + " your message. When you are finished, hang up or press pound for more options.",
          "Hi, this is Sam. I am either on the other line or away from my desk. Please leave your"
              + " name, number and a brief message, and I will return your call.");

  private static final int RATE = 16000;
  private static final int[] BEEP_HZ = {1000, 440, 850, 1400, 1900, 620};

  private AmdLabelledSet() {}

  /** Every sample, for the voices installed here. */
  public static List<Sample> build() {
    return build(AmdVoices.available(), HUMAN, MACHINE);
  }

  public static List<Sample> build(
      List<AmdVoices.Voice> voices, List<String> humans, List<String> machines) {
    Random random = new Random(20261207);
    List<Sample> out = new ArrayList<>();
    for (AmdVoices.Voice v : voices) {
      for (int i = 0; i < humans.size(); i++) {
        for (boolean noise : new boolean[] {false, true}) {
          int lead = 200 + random.nextInt(500);
          short[] first = AmdVoices.say(v, humans.get(i));
          short[] again = AmdVoices.say(v, "Hello?");
          // The person answers, waits for us, then asks again.
          short[] clean =
              Pcm.concat(Pcm.silence(RATE, lead), first, Pcm.silence(RATE, 2500), again);
          short[] pcm = noise ? withNoise(clean, random) : clean;
          long onset = lead + onsetMillis(first);
          add(
              out,
              "human-" + i + (noise ? "-noise" : ""),
              AmdVerdict.HUMAN,
              v,
              noise,
              false,
              pcm,
              onset,
              -1);
        }
      }
      for (int i = 0; i < machines.size(); i++) {
        for (boolean beep : new boolean[] {false, true}) {
          int lead = 200 + random.nextInt(800);
          short[] greeting = AmdVoices.say(v, machines.get(i));
          short[] pcm =
              Pcm.concat(
                  Pcm.silence(RATE, lead),
                  greeting,
                  Pcm.silence(RATE, 300),
                  beep ? tone(BEEP_HZ[i % BEEP_HZ.length], 500) : new short[0],
                  Pcm.silence(RATE, 3000));
          long onset = lead + onsetMillis(greeting);
          // The machine records from the end of its beep, or of its greeting without one.
          long records = lead + greeting.length / 16 + (beep ? 300 + 500 : 0);
          add(
              out,
              "machine-" + i + (beep ? "-beep" : ""),
              AmdVerdict.MACHINE,
              v,
              false,
              beep,
              pcm,
              onset,
              records);
        }
      }
    }
    return out;
  }

  private static void add(
      List<Sample> out,
      String id,
      AmdVerdict label,
      AmdVoices.Voice v,
      boolean noise,
      boolean beep,
      short[] pcm16k,
      long onset,
      long records) {
    out.add(
        new Sample(
            v.name() + "/" + id + "/G711",
            label,
            v.name(),
            "G711",
            noise,
            beep,
            g711(pcm16k),
            8000,
            onset,
            records));
    out.add(
        new Sample(
            v.name() + "/" + id + "/G722",
            label,
            v.name(),
            "G722",
            noise,
            beep,
            g722(pcm16k),
            16000,
            onset,
            records));
  }

  /** Where the speech starts: the first 20 ms above -45 dBFS. */
  static long onsetMillis(short[] pcm) {
    for (int off = 0; off + 320 <= pcm.length; off += 320) {
      if (Pcm.rms(pcm, off, 320) > 32768 * Math.pow(10, -45 / 20.0)) {
        return off / 16;
      }
    }
    return 0;
  }

  /** A steady tone at -12 dBFS with 10 ms ramps. */
  static short[] tone(int hz, int millis) {
    int n = RATE * millis / 1000;
    short[] out = new short[n];
    int ramp = RATE / 100;
    for (int i = 0; i < n; i++) {
      double env = Math.min(1, Math.min(i, n - 1 - i) / (double) ramp);
      out[i] = (short) (env * 8200 * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return out;
  }

  /**
   * Background noise 15 dB under the speech: low-passed white noise whose level drifts slowly (a
   * room, a street), present from the first sample.
   */
  static short[] withNoise(short[] clean, Random random) {
    short[] out = clean.clone();
    double level = 32768 * Math.pow(10, -35 / 20.0) * Math.sqrt(3); // about -35 dBFS RMS
    double lp = 0;
    double drift = 0;
    for (int i = 0; i < out.length; i++) {
      lp = 0.7 * lp + 0.3 * (random.nextDouble() * 2 - 1);
      if (i % 160 == 0) {
        drift = Math.max(-0.5, Math.min(0.5, drift + (random.nextDouble() - 0.5) * 0.1));
      }
      double v = out[i] + lp * level * (1 + drift) * 1.8;
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    return out;
  }

  static short[] g711(short[] pcm16k) {
    short[] at8k = Pcm.resample(pcm16k, RATE, 8000);
    short[] out = new short[at8k.length];
    for (int i = 0; i < at8k.length; i++) {
      out[i] = G711.ulawToLinear(G711.linearToUlaw(at8k[i]) & 0xff);
    }
    return out;
  }

  static short[] g722(short[] pcm16k) {
    AudioCodec codec = AudioCodecs.create("G722", 8000, 1);
    short[] out = new short[pcm16k.length];
    byte[] payload = new byte[160];
    short[] decoded = new short[AudioCodec.MAX_DECODED_SAMPLES];
    int frame = 320;
    int done = 0;
    for (int off = 0; off + frame <= pcm16k.length; off += frame) {
      int bytes = codec.encode(pcm16k, off, frame, payload, 0);
      int n = codec.decode(payload, 0, bytes, decoded, 0);
      System.arraycopy(decoded, 0, out, done, n);
      done += n;
    }
    return java.util.Arrays.copyOf(out, done);
  }
}
