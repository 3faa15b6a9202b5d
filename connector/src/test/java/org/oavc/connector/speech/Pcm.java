package org.oavc.connector.speech;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.oavc.connector.media.codec.Resampler;

/** Mono PCM16 helpers for the speech tests: byte order, resampling, level, WAV files. */
public final class Pcm {
  /** RMS over a 20 ms frame above which a frame counts as speech (about -40 dBFS). */
  public static final double SPEECH_RMS = 330;

  private Pcm() {}

  public static short[] fromLittleEndian(byte[] bytes) {
    short[] out = new short[bytes.length / 2];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }

  public static byte[] toLittleEndian(short[] pcm) {
    ByteBuffer b = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(pcm);
    return b.array();
  }

  /** The whole clip at another rate, the filter's delay removed so timing is kept. */
  public static short[] resample(short[] in, int fromRate, int toRate) {
    if (fromRate == toRate) {
      return in.clone();
    }
    Resampler r = new Resampler(fromRate, toRate);
    int delay = (int) Math.ceil(r.delayOutputSamples());
    int tailIn = (int) ((long) (delay + 1) * fromRate / toRate) + 1;
    short[] padded = Arrays.copyOf(in, in.length + tailIn);
    short[] out = new short[r.maxOutputSamples(padded.length)];
    int n = r.process(padded, 0, padded.length, out, 0);
    int wanted = (int) ((long) in.length * toRate / fromRate);
    return Arrays.copyOfRange(out, Math.min(delay, n), Math.min(delay + wanted, n));
  }

  public static double rms(short[] pcm, int off, int len) {
    if (len <= 0) {
      return 0;
    }
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      sum += (double) pcm[i] * pcm[i];
    }
    return Math.sqrt(sum / len);
  }

  public static double rms(short[] pcm) {
    return rms(pcm, 0, pcm.length);
  }

  /** {@code pcm} scaled by {@code db} decibels (negative: quieter), clipped to 16 bits. */
  public static short[] gain(short[] pcm, double db) {
    double factor = Math.pow(10, db / 20);
    short[] out = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = clip(pcm[i] * factor);
    }
    return out;
  }

  /** Adds {@code add} into {@code into} from {@code into[0]}, clipping. */
  public static void mixInto(short[] into, short[] add) {
    for (int i = 0; i < Math.min(into.length, add.length); i++) {
      into[i] = clip(into[i] + add[i]);
    }
  }

  public static short[] concat(short[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    short[] out = new short[n];
    int pos = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }

  /**
   * The first sample of a 20 ms window (searched in 5 ms steps) whose RMS is above 1000 (about -30
   * dBFS: speech or a tone, not line noise); -1 when there is none.
   */
  public static int firstLoud(short[] pcm, int rate) {
    int window = rate / 50;
    for (int i = 0; i + window <= pcm.length; i += window / 4) {
      if (rms(pcm, i, window) > 1000) {
        return i;
      }
    }
    return -1;
  }

  public static short[] silence(int rate, int millis) {
    return new short[rate * millis / 1000];
  }

  static short clip(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }

  /** Writes a 16-bit mono PCM WAV file. */
  public static void writeWav(Path file, short[] pcm, int rate) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(36 + pcm.length * 2)
        .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(rate)
        .putInt(rate * 2)
        .putShort((short) 2)
        .putShort((short) 16)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(pcm.length * 2);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, concatBytes(h.array(), toLittleEndian(pcm)));
  }

  /** A WAV file's rate and samples: 16-bit mono PCM only, chunks other than fmt/data skipped. */
  public record Wav(int rate, short[] pcm) {
    public static Wav read(Path file) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
        throw new IOException(file + ": not a RIFF/WAVE file");
      }
      int rate = -1;
      b.position(12);
      while (b.remaining() >= 8) {
        int id = b.getInt();
        int size = b.getInt();
        if (size < 0 || size > b.remaining()) {
          throw new IOException(file + ": chunk runs past the end");
        }
        if (id == 0x20746d66) { // "fmt "
          short format = b.getShort(b.position());
          short channels = b.getShort(b.position() + 2);
          short bits = b.getShort(b.position() + 14);
          if (format != 1 || channels != 1 || bits != 16) {
            throw new IOException(file + ": only 16-bit mono PCM WAV is supported");
          }
          rate = b.getInt(b.position() + 4);
        } else if (id == 0x61746164 && rate > 0) { // "data"
          byte[] data = new byte[size];
          b.get(data);
          return new Wav(rate, fromLittleEndian(data));
        }
        b.position(b.position() + size + (size & 1));
      }
      throw new IOException(file + ": no fmt and data chunks");
    }
  }

  private static byte[] concatBytes(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
