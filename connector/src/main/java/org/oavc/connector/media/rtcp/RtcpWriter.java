package org.oavc.connector.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serialises RTCP packets. Write several in a row into one buffer to form a compound packet (RFC
 * 3550 section 6.1: SR or RR first, then SDES with CNAME, BYE last when leaving).
 */
public final class RtcpWriter {
  private RtcpWriter() {}

  /** Bytes {@link #write} needs for {@code packet}. */
  public static int size(RtcpPacket packet) {
    if (packet instanceof SenderReport sr) {
      return 28 + ReportBlock.SIZE * sr.reports().size();
    } else if (packet instanceof ReceiverReport rr) {
      return 8 + ReportBlock.SIZE * rr.reports().size();
    } else if (packet instanceof SourceDescription sdes) {
      return 4 + sdes.chunks().stream().mapToInt(RtcpWriter::chunkSize).sum();
    } else if (packet instanceof Goodbye bye) {
      return 4
          + 4 * bye.ssrcs().size()
          + (bye.reason() == null ? 0 : pad4(1 + text(bye.reason()).length));
    }
    throw new IllegalArgumentException("cannot write an uninterpreted packet");
  }

  /**
   * Writes {@code packet} at {@code off}.
   *
   * @return bytes written (always a multiple of 4)
   * @throws IllegalArgumentException if {@code out} is too small or a text exceeds 255 bytes
   */
  public static int write(RtcpPacket packet, byte[] out, int off) {
    int size = size(packet);
    if (out.length - off < size) {
      throw new IllegalArgumentException("buffer too small for a " + size + "-byte RTCP packet");
    }
    java.util.Arrays.fill(out, off, off + size, (byte) 0);
    int count;
    if (packet instanceof SenderReport sr) {
      writeInt(out, off + 4, sr.ssrc());
      writeInt(out, off + 8, (int) (sr.ntpTimestamp() >>> 32));
      writeInt(out, off + 12, (int) sr.ntpTimestamp());
      writeInt(out, off + 16, sr.rtpTimestamp());
      writeInt(out, off + 20, sr.packetCount());
      writeInt(out, off + 24, sr.octetCount());
      writeBlocks(sr.reports(), out, off + 28);
      count = sr.reports().size();
    } else if (packet instanceof ReceiverReport rr) {
      writeInt(out, off + 4, rr.ssrc());
      writeBlocks(rr.reports(), out, off + 8);
      count = rr.reports().size();
    } else if (packet instanceof SourceDescription sdes) {
      int p = off + 4;
      for (SourceDescription.Chunk chunk : sdes.chunks()) {
        writeChunk(chunk, out, p);
        p += chunkSize(chunk);
      }
      count = sdes.chunks().size();
    } else {
      Goodbye bye = (Goodbye) packet;
      int p = off + 4;
      for (int ssrc : bye.ssrcs()) {
        writeInt(out, p, ssrc);
        p += 4;
      }
      if (bye.reason() != null) {
        byte[] reason = text(bye.reason());
        out[p] = (byte) reason.length;
        System.arraycopy(reason, 0, out, p + 1, reason.length);
      }
      count = bye.ssrcs().size();
    }
    out[off] = (byte) (0x80 | count);
    out[off + 1] = (byte) packet.packetType();
    int words = size / 4 - 1;
    out[off + 2] = (byte) (words >> 8);
    out[off + 3] = (byte) words;
    return size;
  }

  /** Writes a compound packet of {@code packets} in order; returns its total length. */
  public static int writeCompound(List<RtcpPacket> packets, byte[] out, int off) {
    int p = off;
    for (RtcpPacket packet : packets) {
      p += write(packet, out, p);
    }
    return p - off;
  }

  private static void writeBlocks(List<ReportBlock> blocks, byte[] out, int p) {
    for (ReportBlock b : blocks) {
      writeInt(out, p, b.ssrc());
      writeInt(out, p + 4, (b.fractionLost() << 24) | (b.cumulativeLost() & 0xFFFFFF));
      writeInt(out, p + 8, b.extendedHighestSequence());
      writeInt(out, p + 12, b.jitter());
      writeInt(out, p + 16, b.lastSr());
      writeInt(out, p + 20, b.delaySinceLastSr());
      p += ReportBlock.SIZE;
    }
  }

  private static int chunkSize(SourceDescription.Chunk chunk) {
    int items = chunk.cname() == null ? 0 : 2 + text(chunk.cname()).length;
    return pad4(4 + items + 1); // SSRC, items, null item, padding
  }

  private static void writeChunk(SourceDescription.Chunk chunk, byte[] out, int p) {
    writeInt(out, p, chunk.ssrc());
    if (chunk.cname() != null) {
      byte[] cname = text(chunk.cname());
      out[p + 4] = 1;
      out[p + 5] = (byte) cname.length;
      System.arraycopy(cname, 0, out, p + 6, cname.length);
    }
  }

  private static byte[] text(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) {
      throw new IllegalArgumentException("RTCP text longer than 255 bytes");
    }
    return bytes;
  }

  private static int pad4(int n) {
    return (n + 3) & ~3;
  }

  private static void writeInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }
}
