package org.oavc.connector.recording.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.oavc.common.audio.PcmWavHeader;
import org.oavc.common.io.PrivateFiles;

/**
 * A 16-bit PCM WAV file that grows: each append is followed by the header's two sizes, so the file
 * plays as far as it got if the process dies (the page cache outlives the process; {@link #close}
 * forces it to disk). Blocking: used from the recording writer thread only.
 */
final class WavRecordingFile implements AutoCloseable {
  private final FileChannel channel;
  private long dataBytes;

  private WavRecordingFile(FileChannel channel) {
    this.channel = channel;
  }

  /** Creates {@code path} (it must not exist) readable by the daemon user alone. */
  static WavRecordingFile create(Path path, int sampleRate, int channels) throws IOException {
    FileChannel ch =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      PrivateFiles.restrict(path);
      ByteBuffer header = ByteBuffer.wrap(PcmWavHeader.of(sampleRate, channels, 0));
      while (header.hasRemaining()) {
        ch.write(header);
      }
      return new WavRecordingFile(ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** True when {@code bytes} more would not fit the 4 GiB a WAV header can state. */
  boolean wouldOverflow(int bytes) {
    return dataBytes + bytes > PcmWavHeader.MAX_DATA_BYTES;
  }

  /** Appends interleaved samples and states the new length in the header. */
  void append(ByteBuffer samples) throws IOException {
    int n = samples.remaining();
    long at = PcmWavHeader.LENGTH + dataBytes;
    while (samples.hasRemaining()) {
      at += channel.write(samples, at);
    }
    dataBytes += n;
    writeSizes();
  }

  private void writeSizes() throws IOException {
    channel.write(PcmWavHeader.sizeField(dataBytes, true), PcmWavHeader.RIFF_SIZE_OFFSET);
    channel.write(PcmWavHeader.sizeField(dataBytes, false), PcmWavHeader.DATA_SIZE_OFFSET);
  }

  /** Forces what was written to disk and closes; the header already states the length. */
  @Override
  public void close() throws IOException {
    try {
      channel.force(true);
    } finally {
      channel.close();
    }
  }
}
