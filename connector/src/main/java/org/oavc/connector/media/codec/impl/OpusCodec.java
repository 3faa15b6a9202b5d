package org.oavc.connector.media.codec.impl;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.CodecException;
import org.oavc.connector.media.codec.OpusCodecOptions;

/**
 * Opus through concentus (pure Java). RTP clock is always 48000 (RFC 7587); the PCM side runs at 48
 * kHz with the configured channel count. A stereo stream decodes to mono when channels is 1 (the
 * decoder downmixes), so the peer's sprop-stereo never changes our PCM layout.
 */
public final class OpusCodec implements AudioCodec {
  private static final int SAMPLE_RATE = 48000;

  /** RFC 6716: an Opus packet is at most 1275 bytes per frame, up to 120 ms. */
  private static final int MAX_PACKET = 1275 * 3;

  private final OpusCodecOptions options;
  private final OpusEncoder encoder;
  private final OpusDecoder decoder;

  public OpusCodec(OpusCodecOptions options) {
    this.options = new OpusCodecOptions(options);
    try {
      encoder =
          new OpusEncoder(
              SAMPLE_RATE, options.getChannels(), OpusApplication.OPUS_APPLICATION_VOIP);
      decoder = new OpusDecoder(SAMPLE_RATE, options.getChannels());
    } catch (OpusException e) {
      throw new IllegalArgumentException("Opus codec setup failed: " + e.getMessage(), e);
    }
    configureEncoder();
  }

  private void configureEncoder() {
    encoder.setBitrate(options.getBitrate());
    encoder.setComplexity(options.getComplexity());
    encoder.setUseInbandFEC(options.isInbandFec());
    encoder.setPacketLossPercent(options.getPacketLossPercent());
    encoder.setUseDTX(false);
    encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
  }

  @Override
  public String name() {
    return "opus";
  }

  @Override
  public int payloadClockRate() {
    return SAMPLE_RATE;
  }

  @Override
  public int sampleRate() {
    return SAMPLE_RATE;
  }

  @Override
  public int channels() {
    return options.getChannels();
  }

  @Override
  public int maxEncodedBytes(int samples) {
    return MAX_PACKET;
  }

  @Override
  public int encode(short[] pcm, int off, int len, byte[] out, int outOff) {
    int perChannel = len / channels();
    try {
      return encoder.encode(pcm, off, perChannel, out, outOff, out.length - outOff);
    } catch (OpusException e) {
      throw new IllegalArgumentException(
          "Opus cannot encode a frame of " + perChannel + " samples", e);
    }
  }

  @Override
  public int decode(byte[] payload, int off, int len, short[] out, int outOff) {
    if (len <= 0) {
      throw new CodecException("empty Opus payload");
    }
    return decodeChecked(payload, off, len, out, outOff, maxFrame(out, outOff), false);
  }

  @Override
  public int conceal(short[] out, int outOff, int samples) {
    return decodeChecked(null, 0, 0, out, outOff, samples / channels(), false);
  }

  @Override
  public int recover(byte[] next, int off, int len, short[] out, int outOff, int samples) {
    if (next == null || len <= 0) {
      return conceal(out, outOff, samples);
    }
    return decodeChecked(next, off, len, out, outOff, samples / channels(), true);
  }

  private int maxFrame(short[] out, int outOff) {
    return Math.min(5760, (out.length - outOff) / channels());
  }

  private int decodeChecked(
      byte[] in, int off, int len, short[] out, int outOff, int frame, boolean fec) {
    try {
      return decoder.decode(in, off, len, out, outOff, frame, fec) * channels();
    } catch (OpusException | RuntimeException e) {
      // concentus signals corrupt input with assorted runtime exceptions as well.
      throw new CodecException("corrupt Opus payload: " + e.getMessage(), e);
    }
  }

  @Override
  public void reset() {
    encoder.resetState();
    decoder.resetState();
    configureEncoder();
  }
}
