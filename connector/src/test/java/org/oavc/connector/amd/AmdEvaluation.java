package org.oavc.connector.amd;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.oavc.connector.speech.Pcm;
import org.oavc.connector.speech.SpeechCheck;
import org.vosk.Recognizer;

/**
 * Runs a detector over the labelled set as a call would: 20 ms frames in order, and (with words)
 * Vosk's partial transcript fed in after every 100 ms, at the audio time it covers. Yields the
 * confusion matrix and each decision's time from the callee's first word.
 */
public final class AmdEvaluation {
  /** One sample's outcome. */
  public record Outcome(AmdLabelledSet.Sample sample, AmdResult result, long messageAtMillis) {
    public AmdVerdict verdict() {
      return result == null ? AmdVerdict.UNKNOWN : result.verdict();
    }

    /**
     * For a machine found as one: the voicemail message starts after the machine began recording
     * (its beep or greeting over) and within 2 s of it.
     */
    public boolean messageWellTimed() {
      long from = sample.recordingStartsMillis();
      return messageAtMillis >= from && messageAtMillis <= from + 2000;
    }

    /** From the sample's first word (ground truth) to the decision. */
    public long decisionMillis() {
      return result == null ? -1 : result.decidedAtMillis() - sample.firstWordMillis();
    }
  }

  private AmdEvaluation() {}

  public static List<Outcome> run(
      List<AmdLabelledSet.Sample> samples, Supplier<AmdOptions> options, boolean words)
      throws IOException {
    List<Outcome> out = new ArrayList<>();
    for (AmdLabelledSet.Sample s : samples) {
      out.add(detect(s, options.get(), words));
    }
    return out;
  }

  static Outcome detect(AmdLabelledSet.Sample s, AmdOptions options, boolean words)
      throws IOException {
    AnsweringMachineDetector d = AnsweringMachineDetector.create(options, s.rate());
    int frame = s.rate() / 50;
    Recognizer ear = words ? SpeechCheck.recognizer() : null;
    try {
      short[] piece = new short[frame];
      for (int off = 0; off + frame <= s.pcm().length; off += frame) {
        System.arraycopy(s.pcm(), off, piece, 0, frame);
        AmdResult r = d.onAudio(piece.clone());
        if (r != null && r.verdict() != AmdVerdict.MACHINE) {
          return new Outcome(s, r, -1);
        }
        if (r != null) {
          if (d.readyForMessage()) {
            return new Outcome(s, r, d.elapsedMillis());
          }
          continue; // a machine: on to its beep or the end of its greeting
        }
        int index = off / frame;
        if (ear != null && index % 5 == 4) { // every 100 ms, as a streaming STT answers
          int from = off - 4 * frame;
          short[] chunk =
              Pcm.resample(Arrays.copyOfRange(s.pcm(), from, off + frame), s.rate(), 16000);
          String text;
          if (ear.acceptWaveForm(chunk, chunk.length)) {
            text = new JsonObject(ear.getResult()).getString("text", "");
          } else {
            text = new JsonObject(ear.getPartialResult()).getString("partial", "");
          }
          d.onWords(text);
        }
      }
      return new Outcome(s, d.result(), -1);
    } finally {
      if (ear != null) {
        ear.close();
      }
    }
  }

  /** rows: label; columns: verdict. */
  public static Map<AmdVerdict, Map<AmdVerdict, Integer>> confusion(List<Outcome> outcomes) {
    Map<AmdVerdict, Map<AmdVerdict, Integer>> m = new EnumMap<>(AmdVerdict.class);
    for (AmdVerdict label : AmdVerdict.values()) {
      Map<AmdVerdict, Integer> row = new EnumMap<>(AmdVerdict.class);
      for (AmdVerdict v : AmdVerdict.values()) {
        row.put(v, 0);
      }
      m.put(label, row);
    }
    for (Outcome o : outcomes) {
      m.get(o.sample().label()).merge(o.verdict(), 1, Integer::sum);
    }
    return m;
  }

  /** Share of {@code label} samples classified as {@code label}. */
  public static double recall(List<Outcome> outcomes, AmdVerdict label) {
    long all = outcomes.stream().filter(o -> o.sample().label() == label).count();
    long right =
        outcomes.stream().filter(o -> o.sample().label() == label && o.verdict() == label).count();
    return all == 0 ? Double.NaN : (double) right / all;
  }

  /** The p-th percentile (0-100) of the decision times of correctly classified {@code label}s. */
  public static long decisionPercentile(List<Outcome> outcomes, AmdVerdict label, int p) {
    long[] t =
        outcomes.stream()
            .filter(o -> o.sample().label() == label && o.verdict() == label)
            .mapToLong(Outcome::decisionMillis)
            .sorted()
            .toArray();
    if (t.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * t.length) - 1;
    return t[Math.max(0, Math.min(t.length - 1, i))];
  }

  /** A printable table of the matrix and the decision times. */
  public static String table(String title, List<Outcome> outcomes) {
    StringBuilder b = new StringBuilder(title).append('\n');
    b.append(String.format("%-10s %7s %8s %8s%n", "label", "human", "machine", "unknown"));
    confusion(outcomes)
        .forEach(
            (label, row) -> {
              if (row.values().stream().mapToInt(Integer::intValue).sum() > 0) {
                b.append(
                    String.format(
                        "%-10s %7d %8d %8d%n",
                        label.name().toLowerCase(),
                        row.get(AmdVerdict.HUMAN),
                        row.get(AmdVerdict.MACHINE),
                        row.get(AmdVerdict.UNKNOWN)));
              }
            });
    List<Outcome> machines =
        outcomes.stream()
            .filter(o -> o.sample().label() == AmdVerdict.MACHINE)
            .filter(o -> o.verdict() == AmdVerdict.MACHINE)
            .toList();
    b.append(
        String.format(
            "voicemail message started after the beep or greeting and within 2 s: %d of %d"
                + " (with a beep %d of %d)%n",
            machines.stream().filter(Outcome::messageWellTimed).count(),
            machines.size(),
            machines.stream()
                .filter(o -> o.sample().beep())
                .filter(Outcome::messageWellTimed)
                .count(),
            machines.stream().filter(o -> o.sample().beep()).count()));
    for (boolean beep : new boolean[] {true, false}) {
      long[] waits =
          machines.stream()
              .filter(o -> o.sample().beep() == beep && o.messageAtMillis() >= 0)
              .mapToLong(o -> o.messageAtMillis() - o.sample().recordingStartsMillis())
              .sorted()
              .toArray();
      if (waits.length > 0) {
        b.append(
            String.format(
                "message start after the machine records (%s): p50 %d ms, max %d ms%n",
                beep ? "end of its beep" : "end of its greeting, no beep",
                waits[(waits.length - 1) / 2],
                waits[waits.length - 1]));
      }
    }
    for (AmdVerdict l : List.of(AmdVerdict.HUMAN, AmdVerdict.MACHINE)) {
      b.append(
          String.format(
              "%s: recall %.1f %%, decision p50 %d ms, p90 %d ms, max %d ms%n",
              l.name().toLowerCase(),
              100 * recall(outcomes, l),
              decisionPercentile(outcomes, l, 50),
              decisionPercentile(outcomes, l, 90),
              decisionPercentile(outcomes, l, 100)));
    }
    return b.toString();
  }
}
