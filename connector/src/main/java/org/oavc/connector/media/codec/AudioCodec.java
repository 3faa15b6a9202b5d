package org.oavc.connector.media.codec;

/**
 * One audio codec instance for one call. It holds two independent state objects, one for the encode
 * direction (towards the caller) and one for the decode direction (from the caller), so a single
 * instance serves both directions of one RTP stream; never share an instance between calls.
 *
 * <p>PCM is signed 16-bit, interleaved when {@link #channels()} is 2. The array-filling methods do
 * not allocate; the convenience overloads returning arrays do. Methods are not thread-safe: each
 * direction must be driven by one thread at a time.
 */
public interface AudioCodec {

  /** Largest PCM frame any codec here decodes from one payload: 120 ms of 48 kHz stereo. */
  int MAX_DECODED_SAMPLES = 5760 * 2;

  /** Encoding name as written in SDP a=rtpmap, e.g. {@code PCMU}, {@code G722}, {@code opus}. */
  String name();

  /** RTP timestamp clock rate (8000 for G.722 even though it samples at 16 kHz, RFC 3551). */
  int payloadClockRate();

  /** PCM sample rate the encoder takes and the decoder produces. */
  int sampleRate();

  /** PCM channels (1 or 2). */
  int channels();

  /** PCM samples per channel in one frame of {@code ptimeMs}. */
  default int samplesPerFrame(int ptimeMs) {
    return sampleRate() * ptimeMs / 1000;
  }

  /** RTP timestamp advance for one frame of {@code ptimeMs}. */
  default int timestampIncrement(int ptimeMs) {
    return payloadClockRate() * ptimeMs / 1000;
  }

  /** Upper bound of the payload size for {@code samples} interleaved PCM samples. */
  int maxEncodedBytes(int samples);

  /**
   * Encodes {@code len} interleaved samples (a whole frame) into {@code out} at {@code outOff}.
   *
   * @return bytes written
   * @throws IllegalArgumentException when the frame size is not one the codec can encode
   */
  int encode(short[] pcm, int off, int len, byte[] out, int outOff);

  /**
   * Decodes one RTP payload into {@code out} at {@code outOff}; {@code out} needs room for {@link
   * #MAX_DECODED_SAMPLES} after {@code outOff} unless the caller knows the frame size.
   *
   * @return interleaved samples written
   * @throws CodecException when the payload is corrupt (the decoder state stays usable)
   */
  int decode(byte[] payload, int off, int len, short[] out, int outOff);

  /**
   * Writes {@code samples} interleaved samples that stand in for one lost frame: the codec's packet
   * loss concealment where it has one (Opus), otherwise silence. Keeps decoder state in step so the
   * next real frame joins smoothly.
   *
   * @return interleaved samples written ({@code samples})
   */
  int conceal(short[] out, int outOff, int samples);

  /**
   * Conceals a lost frame using the packet that follows it: Opus recovers the frame from the
   * in-band FEC data in {@code next}; codecs without FEC fall back to {@link #conceal}.
   */
  default int recover(byte[] next, int off, int len, short[] out, int outOff, int samples) {
    return conceal(out, outOff, samples);
  }

  /** Resets both directions, e.g. after an SSRC change. */
  void reset();

  /** Allocating convenience: encodes one frame into a new array of exactly the payload size. */
  default byte[] encode(short[] pcm, int off, int len) {
    byte[] out = new byte[maxEncodedBytes(len)];
    int n = encode(pcm, off, len, out, 0);
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /** Allocating convenience: decodes one payload into a new array of exactly the PCM size. */
  default short[] decode(byte[] payload, int off, int len) {
    // No codec here yields more than two samples per payload byte, except Opus (bounded).
    short[] out = new short[Math.max(MAX_DECODED_SAMPLES, 2 * len)];
    int n = decode(payload, off, len, out, 0);
    return java.util.Arrays.copyOf(out, n);
  }
}
