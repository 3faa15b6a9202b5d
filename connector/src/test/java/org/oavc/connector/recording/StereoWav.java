package org.oavc.connector.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A recording as a player reads it: the 44-byte header's fields as written, and the two channels of
 * the samples the header's data size states (a player stops there).
 */
public record StereoWav(
    int sampleRate,
    int channels,
    long riffSize,
    long dataSize,
    long fileSize,
    short[] left,
    short[] right) {

  public static StereoWav read(Path file) throws IOException {
    return of(Files.readAllBytes(file));
  }

  public static StereoWav of(byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 44
        || b.getInt(0) != 0x46464952 // RIFF
        || b.getInt(8) != 0x45564157 // WAVE
        || b.getInt(12) != 0x20746d66 // "fmt "
        || b.getInt(36) != 0x61746164) { // data
      throw new IOException("not a canonical RIFF/WAVE file");
    }
    if (b.getShort(20) != 1 || b.getShort(34) != 16) {
      throw new IOException("not 16-bit PCM");
    }
    int channels = b.getShort(22);
    int rate = b.getInt(24);
    if (b.getInt(28) != rate * channels * 2 || b.getShort(32) != channels * 2) {
      throw new IOException("byte rate or block align inconsistent");
    }
    long riff = Integer.toUnsignedLong(b.getInt(4));
    long data = Integer.toUnsignedLong(b.getInt(40));
    int frames = (int) (Math.min(data, bytes.length - 44) / (2L * channels));
    short[] left = new short[frames];
    short[] right = new short[channels == 2 ? frames : 0];
    for (int i = 0; i < frames; i++) {
      left[i] = b.getShort(44 + i * 2 * channels);
      if (channels == 2) {
        right[i] = b.getShort(44 + i * 4 + 2);
      }
    }
    return new StereoWav(rate, channels, riff, data, bytes.length, left, right);
  }

  /** The header states exactly what the file holds (a player plays all of it, nothing more). */
  public boolean headerMatchesFile() {
    return dataSize == fileSize - 44 && riffSize == dataSize + 36;
  }
}
