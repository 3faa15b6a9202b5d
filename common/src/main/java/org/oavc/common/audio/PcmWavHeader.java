package org.oavc.common.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 44-byte RIFF/WAVE header of 16-bit PCM. A file written incrementally starts with {@link #of}
 * and rewrites its two size fields ({@link #RIFF_SIZE_OFFSET}, {@link #DATA_SIZE_OFFSET}) as it
 * grows, so it plays whenever it is cut off; a stream of unknown length uses {@link #streaming}.
 */
public final class PcmWavHeader {
  public static final int LENGTH = 44;
  public static final int RIFF_SIZE_OFFSET = 4;
  public static final int DATA_SIZE_OFFSET = 40;

  /** The largest data size a RIFF header can state (its RIFF size must fit 32 bits too). */
  public static final long MAX_DATA_BYTES = 0xFFFFFFFFL - 36;

  private static final int UNKNOWN = 0xFFFFFFFF;

  private PcmWavHeader() {}

  /** A header for {@code dataBytes} of interleaved 16-bit samples. */
  public static byte[] of(int sampleRate, int channels, long dataBytes) {
    if (sampleRate <= 0 || channels < 1 || channels > 8) {
      throw new IllegalArgumentException("rate " + sampleRate + ", channels " + channels);
    }
    long data = Math.min(Math.max(dataBytes, 0), MAX_DATA_BYTES);
    return header(sampleRate, channels, (int) (data + 36), (int) data);
  }

  /** For a mono stream whose length is not known yet: RIFF and data sizes are 0xFFFFFFFF. */
  public static byte[] streaming(int sampleRate) {
    return header(sampleRate, 1, UNKNOWN, UNKNOWN);
  }

  /** The two size fields for {@code dataBytes}, little-endian, as they go at their offsets. */
  public static ByteBuffer sizeField(long dataBytes, boolean riff) {
    long data = Math.min(Math.max(dataBytes, 0), MAX_DATA_BYTES);
    return ByteBuffer.allocate(4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0, (int) (riff ? data + 36 : data));
  }

  private static byte[] header(int sampleRate, int channels, int riffSize, int dataSize) {
    ByteBuffer b = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(riffSize);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) channels);
    b.putInt(sampleRate).putInt(sampleRate * channels * 2);
    b.putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataSize);
    return b.array();
  }
}
