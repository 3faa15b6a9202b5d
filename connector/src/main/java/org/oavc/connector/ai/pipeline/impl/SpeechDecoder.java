package org.oavc.connector.ai.pipeline.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.oavc.connector.media.codec.Resampler;

/**
 * Turns a speech response's bytes, in whatever pieces they arrive, into PCM16 samples at the
 * session's rate: raw PCM16 LE ({@code pcm}) or a streaming WAV whose header is skipped after
 * reading its rate, resampled on the way. Odd bytes wait for their other half. One per response.
 */
final class SpeechDecoder {
  /** A WAV header larger than this is not one we understand. */
  private static final int MAX_HEADER_BYTES = 4096;

  private final int outputRate;
  private ByteArrayOutputStream header;
  private Resampler resampler;
  private int pendingByte = -1;

  /**
   * @param wav whether the body starts with a WAV header (whose rate then wins)
   * @param inputRate the PCM rate of a raw body
   */
  SpeechDecoder(boolean wav, int inputRate, int outputRate) {
    this.outputRate = outputRate;
    if (wav) {
      header = new ByteArrayOutputStream();
    } else {
      resampler = new Resampler(inputRate, outputRate);
    }
  }

  /** The samples {@code bytes[0..length)} complete; possibly empty, never null. */
  short[] feed(byte[] bytes, int length) throws IOException {
    int offset = 0;
    if (header != null) {
      header.write(bytes, 0, length);
      byte[] h = header.toByteArray();
      int dataStart = dataStart(h);
      if (dataStart < 0) {
        return new short[0];
      }
      header = null;
      bytes = h;
      offset = dataStart;
      length = h.length;
    }
    int available = length - offset + (pendingByte >= 0 ? 1 : 0);
    short[] in = new short[available / 2];
    int n = 0;
    int i = offset;
    if (pendingByte >= 0 && i < length) {
      in[n++] = (short) ((bytes[i++] << 8) | pendingByte);
      pendingByte = -1;
    }
    for (; i + 1 < length; i += 2) {
      in[n++] = (short) ((bytes[i + 1] << 8) | (bytes[i] & 0xff));
    }
    if (i < length) {
      pendingByte = bytes[i] & 0xff;
    }
    short[] out = new short[resampler.maxOutputSamples(n)];
    int produced = resampler.process(in, 0, n, out, 0);
    return produced == out.length ? out : java.util.Arrays.copyOf(out, produced);
  }

  /** Offset of the first audio byte once the header is complete, -1 while more is needed. */
  private int dataStart(byte[] h) throws IOException {
    if (h.length < 12) {
      return -1;
    }
    if (!ascii(h, 0, "RIFF") || !ascii(h, 8, "WAVE")) {
      throw new IOException("speech response is not a WAV file");
    }
    int pos = 12;
    while (pos + 8 <= h.length) {
      int size = le32(h, pos + 4);
      if (ascii(h, pos, "data")) {
        if (resampler == null) {
          throw new IOException("WAV speech response has no fmt chunk before its data");
        }
        return pos + 8;
      }
      if (ascii(h, pos, "fmt ")) {
        if (pos + 8 + 16 > h.length) {
          return -1;
        }
        int format = le16(h, pos + 8);
        int channels = le16(h, pos + 10);
        int rate = le32(h, pos + 12);
        int bits = le16(h, pos + 22);
        if ((format != 1 && format != 0xFFFE) || channels != 1 || bits != 16 || rate <= 0) {
          throw new IOException(
              "WAV speech response is not mono 16-bit PCM (format "
                  + format
                  + ", "
                  + channels
                  + " channels, "
                  + bits
                  + " bits)");
        }
        resampler = new Resampler(rate, outputRate);
      }
      if (size < 0 || pos + 8L + size > MAX_HEADER_BYTES) {
        throw new IOException("WAV speech response has a header chunk too large to skip");
      }
      pos += 8 + size + (size & 1);
    }
    if (h.length > MAX_HEADER_BYTES) {
      throw new IOException(
          "WAV speech response has no data chunk in its first " + MAX_HEADER_BYTES + " bytes");
    }
    return -1;
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int i = 0; i < 4; i++) {
      if (b[at + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static int le32(byte[] b, int at) {
    return le16(b, at) | le16(b, at + 2) << 16;
  }
}
