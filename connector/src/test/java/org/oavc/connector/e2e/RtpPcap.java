package org.oavc.connector.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.oavc.common.audio.G711;

/**
 * Writes a libpcap capture of a PCMU RTP stream (Ethernet / IPv4 / UDP / RTP, one 20 ms packet
 * every 20 ms) for SIPp's {@code play_pcap_audio}. SIPp keeps the RTP bytes and the timing and
 * replaces the addresses and ports with the call's, so the ones written here are placeholders.
 */
final class RtpPcap {
  private static final int ETHERNET = 1; // LINKTYPE_ETHERNET
  private static final int FRAME = 160; // samples of 20 ms at 8 kHz

  private RtpPcap() {}

  /** {@code frames} x 20 ms of a {@code frequency} Hz tone at {@code amplitude}, as PCMU. */
  static void writeTone(Path file, int frames, double frequency, double amplitude)
      throws IOException {
    short[] pcm = new short[frames * FRAME];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / 8000));
    }
    writePcmu(file, pcm);
  }

  /** {@code pcm} (8 kHz mono; a last partial frame is dropped) as PCMU packets of 20 ms. */
  static void writePcmu(Path file, short[] pcm) throws IOException {
    int frames = pcm.length / FRAME;
    int rtpLength = 12 + FRAME;
    int ipLength = 20 + 8 + rtpLength;
    int record = 14 + ipLength;
    ByteBuffer b = ByteBuffer.allocate(24 + frames * (16 + record)).order(ByteOrder.LITTLE_ENDIAN);
    // Global header, native (little-endian) order as libpcap writes it on x86.
    b.putInt(0xa1b2c3d4)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(65535)
        .putInt(ETHERNET);
    for (int f = 0; f < frames; f++) {
      long micros = f * 20_000L;
      b.order(ByteOrder.LITTLE_ENDIAN)
          .putInt((int) (micros / 1_000_000))
          .putInt((int) (micros % 1_000_000))
          .putInt(record)
          .putInt(record);
      b.order(ByteOrder.BIG_ENDIAN);
      b.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800); // MACs, IPv4
      int ipStart = b.position();
      b.put((byte) 0x45)
          .put((byte) 0)
          .putShort((short) ipLength)
          .putShort((short) f)
          .putShort((short) 0)
          .put((byte) 64)
          .put((byte) 17)
          .putShort((short) 0)
          .put(new byte[] {127, 0, 0, 1, 127, 0, 0, 1});
      b.putShort(ipStart + 10, ipChecksum(b.array(), ipStart));
      b.putShort((short) 6000)
          .putShort((short) 6002)
          .putShort((short) (8 + rtpLength))
          .putShort((short) 0);
      b.put((byte) 0x80)
          .put((byte) (f == 0 ? 0x80 : 0x00)) // V=2; marker on the first; PT 0 (PCMU)
          .putShort((short) (f + 1))
          .putInt(f * FRAME)
          .putInt(0x5eed1234);
      for (int i = 0; i < FRAME; i++) {
        b.put(G711.linearToUlaw(pcm[f * FRAME + i]));
      }
    }
    Files.createDirectories(file.getParent());
    Files.write(file, b.array());
  }

  private static short ipChecksum(byte[] a, int off) {
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((a[off + i] & 0xFF) << 8) | (a[off + i + 1] & 0xFF);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (short) ~sum;
  }
}
