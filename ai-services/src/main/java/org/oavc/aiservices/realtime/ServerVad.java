package org.oavc.aiservices.realtime;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Energy-based voice activity detection over PCM16 LE in 20 ms frames: speech starts after {@value
 * #START_FRAMES} loud frames in a row and stops after {@code silenceMs} of quiet ones. The
 * utterance handed out on stop includes {@code prefixMs} of audio before the start. A turn longer
 * than {@value #MAX_TURN_MS} ms is stopped there, so endless noise cannot grow memory.
 */
final class ServerVad {
  static final int START_FRAMES = 3;
  static final int MAX_TURN_MS = 60_000;

  /** What a chunk of audio did to the detector. */
  enum Event {
    NONE,
    STARTED,
    STOPPED
  }

  private final int frameBytes;
  private final int rate;
  private final double threshold;
  private final int silenceFrames;
  private final int prefixFrames;
  private final ArrayDeque<byte[]> prefix = new ArrayDeque<>();
  private final ByteArrayOutputStream utterance = new ByteArrayOutputStream();
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean speaking;
  private int loudRun;
  private int quietRun;
  private long frames;
  private long startMs;
  private long stopMs;

  ServerVad(int rate, double threshold, int silenceMs, int prefixMs) {
    this.rate = rate;
    this.frameBytes = rate / 50 * 2;
    this.threshold = threshold;
    this.silenceFrames = Math.max(1, silenceMs / 20);
    this.prefixFrames = Math.max(0, prefixMs / 20);
  }

  /**
   * Feeds audio. Each start or stop is reported to {@code onChange} at the frame where it happens,
   * so a stop's utterance can be taken before a following start in the same chunk.
   */
  void accept(byte[] pcm, Consumer<Event> onChange) {
    pending.writeBytes(pcm);
    byte[] all = pending.toByteArray();
    pending.reset();
    int off = 0;
    for (; off + frameBytes <= all.length; off += frameBytes) {
      Event e = frame(java.util.Arrays.copyOfRange(all, off, off + frameBytes));
      if (e != Event.NONE) {
        onChange.accept(e);
      }
    }
    pending.write(all, off, all.length - off);
  }

  private Event frame(byte[] frame) {
    frames++;
    boolean loud = rms(frame) >= threshold;
    if (!speaking) {
      prefix.addLast(frame);
      while (prefix.size() > prefixFrames + START_FRAMES) {
        prefix.removeFirst();
      }
      loudRun = loud ? loudRun + 1 : 0;
      if (loudRun >= START_FRAMES) {
        speaking = true;
        quietRun = 0;
        startMs = (frames - START_FRAMES) * 20;
        utterance.reset();
        prefix.forEach(utterance::writeBytes);
        prefix.clear();
        return Event.STARTED;
      }
      return Event.NONE;
    }
    utterance.writeBytes(frame);
    quietRun = loud ? 0 : quietRun + 1;
    if (quietRun >= silenceFrames || utterance.size() >= (long) MAX_TURN_MS / 20 * frameBytes) {
      speaking = false;
      loudRun = 0;
      stopMs = frames * 20;
      return Event.STOPPED;
    }
    return Event.NONE;
  }

  boolean speaking() {
    return speaking;
  }

  long startMs() {
    return startMs;
  }

  long stopMs() {
    return stopMs;
  }

  int rate() {
    return rate;
  }

  /** The audio of the utterance so far (after a stop: the whole utterance), then forgets it. */
  byte[] takeUtterance() {
    byte[] out = utterance.toByteArray();
    utterance.reset();
    return out;
  }

  static double rms(byte[] pcm) {
    double sum = 0;
    for (int i = 0; i + 1 < pcm.length; i += 2) {
      short s = (short) ((pcm[i + 1] << 8) | (pcm[i] & 0xff));
      sum += (double) s * s;
    }
    return Math.sqrt(sum / Math.max(1, pcm.length / 2));
  }
}
