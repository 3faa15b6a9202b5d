package org.oavc.aiservices.tts;

import com.sun.speech.freetts.audio.AudioPlayer;
import java.util.function.Consumer;
import javax.sound.sampled.AudioFormat;

/**
 * A FreeTTS audio "player" that plays nothing: it hands each synthesised chunk, converted to PCM16
 * little-endian, to a sink, so audio can stream out while the rest is synthesised.
 */
final class ChunkAudioPlayer implements AudioPlayer {
  private AudioFormat format = new AudioFormat(16000f, 16, 1, true, true);
  private volatile Consumer<byte[]> sink = b -> {};
  private volatile boolean cancelled;

  void target(Consumer<byte[]> sink) {
    this.sink = sink;
    this.cancelled = false;
  }

  int sampleRate() {
    return (int) format.getSampleRate();
  }

  @Override
  public void setAudioFormat(AudioFormat format) {
    if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
      throw new IllegalArgumentException("expected 16-bit mono from FreeTTS, got " + format);
    }
    this.format = format;
  }

  @Override
  public AudioFormat getAudioFormat() {
    return format;
  }

  @Override
  public boolean write(byte[] audio) {
    return write(audio, 0, audio.length);
  }

  @Override
  public boolean write(byte[] audio, int offset, int length) {
    if (cancelled) {
      return false;
    }
    byte[] le = new byte[length - (length & 1)];
    boolean swap = format.isBigEndian();
    for (int i = 0; i + 1 < length; i += 2) {
      le[i] = audio[offset + i + (swap ? 1 : 0)];
      le[i + 1] = audio[offset + i + (swap ? 0 : 1)];
    }
    sink.accept(le);
    return true;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public void pause() {}

  @Override
  public void resume() {}

  @Override
  public void reset() {}

  @Override
  public boolean drain() {
    return true;
  }

  @Override
  public void begin(int size) {}

  @Override
  public boolean end() {
    return !cancelled;
  }

  @Override
  public void close() {}

  @Override
  public float getVolume() {
    return 1f;
  }

  @Override
  public void setVolume(float volume) {}

  @Override
  public long getTime() {
    return 0;
  }

  @Override
  public void resetTime() {}

  @Override
  public void startFirstSampleTimer() {}

  @Override
  public void showMetrics() {}
}
