package org.oavc.connector.ai.realtime.impl;

import org.oavc.connector.media.codec.Resampler;

/**
 * The audio path between the call (PCM at the session's fixed rate) and the WebSocket (the wire
 * format). Normally both run at one rate; when a back end refuses G.711 passthrough the wire falls
 * back to PCM16 24 kHz and this link resamples both ways, so the session's rate the media engine
 * was set up with stays valid.
 */
final class AudioLink {
  private final int sessionRate;
  private AudioFormat wire;
  private Resampler up;
  private Resampler down;

  AudioLink(AudioFormat wire) {
    this.sessionRate = wire.sampleRate();
    this.wire = wire;
  }

  int sessionRate() {
    return sessionRate;
  }

  AudioFormat wire() {
    return wire;
  }

  /** The back end does not take the G.711 format: PCM16 24 kHz on the wire from now on. */
  void fallBackToPcm16() {
    if (wire == AudioFormat.PCM16) {
      return;
    }
    wire = AudioFormat.PCM16;
    up = new Resampler(sessionRate, wire.sampleRate());
    down = new Resampler(wire.sampleRate(), sessionRate);
  }

  /** Wire bytes for {@code len} samples of the caller at the session rate. */
  byte[] toWire(short[] pcm, int len) {
    if (up == null) {
      return wire.encode(pcm, len);
    }
    short[] resampled = new short[up.maxOutputSamples(len)];
    int n = up.process(pcm, 0, len, resampled, 0);
    return wire.encode(resampled, n);
  }

  /** Agent audio at the session rate from wire bytes. */
  short[] fromWire(byte[] data) {
    short[] pcm = wire.decode(data);
    if (down == null) {
      return pcm;
    }
    short[] resampled = new short[down.maxOutputSamples(pcm.length)];
    int n = down.process(pcm, 0, pcm.length, resampled, 0);
    return java.util.Arrays.copyOf(resampled, n);
  }
}
