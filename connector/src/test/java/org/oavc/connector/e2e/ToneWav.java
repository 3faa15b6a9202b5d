package org.oavc.connector.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A mono 16-bit WAV of tone bursts (1 s tone, 1 s silence), for a browser's fake microphone. */
final class ToneWav {
  private ToneWav() {}

  static void write(Path file, int sampleRate, double hz, int bursts) throws IOException {
    int samples = sampleRate * 2 * bursts;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1);
    b.putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      boolean on = (i / sampleRate) % 2 == 0;
      double v = on ? 0.4 * Math.sin(2 * Math.PI * hz * i / sampleRate) : 0;
      b.putShort((short) Math.round(v * Short.MAX_VALUE));
    }
    Files.write(file, b.array());
  }
}
