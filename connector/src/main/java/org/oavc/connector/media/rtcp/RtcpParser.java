package org.oavc.connector.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses RTCP compound packets with the validity checks of RFC 3550 appendix A.2: version 2 in
 * every packet, lengths that add up exactly to the datagram, padding only in the last packet, and
 * (for {@link #parseCompound}) an SR or RR first. Every defect becomes a {@link
 * MalformedRtcpException} naming it; no other exception escapes for any input.
 */
public final class RtcpParser {
  private RtcpParser() {}

  /** Strict RFC 3550 compound packet: must start with SR or RR. */
  public static List<RtcpPacket> parseCompound(byte[] buf, int off, int len)
      throws MalformedRtcpException {
    return parse(buf, off, len, true);
  }

  /**
   * @param requireReportFirst false accepts reduced-size RTCP (RFC 5506), e.g. a lone BYE
   */
  public static List<RtcpPacket> parse(byte[] buf, int off, int len, boolean requireReportFirst)
      throws MalformedRtcpException {
    if (len < 4) {
      throw new MalformedRtcpException("shorter than an RTCP header");
    }
    List<RtcpPacket> packets = new ArrayList<>(3);
    int end = off + len;
    int pos = off;
    while (pos < end) {
      if (end - pos < 4) {
        throw new MalformedRtcpException("truncated header after " + packets.size() + " packets");
      }
      int b0 = buf[pos] & 0xFF;
      if ((b0 >> 6) != 2) {
        throw new MalformedRtcpException("version is not 2 in packet " + (packets.size() + 1));
      }
      int count = b0 & 0x1F;
      int type = buf[pos + 1] & 0xFF;
      int length = ((((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF)) + 1) * 4;
      if (length > end - pos) {
        throw new MalformedRtcpException("packet type " + type + " length runs past the datagram");
      }
      int bodyEnd = pos + length;
      if ((b0 & 0x20) != 0) {
        if (bodyEnd != end) {
          throw new MalformedRtcpException("padding in a packet that is not the last one");
        }
        int padding = buf[bodyEnd - 1] & 0xFF;
        if (padding == 0 || padding > length - 4) {
          throw new MalformedRtcpException("bad padding count " + padding);
        }
        bodyEnd -= padding;
      }
      if (packets.isEmpty()
          && requireReportFirst
          && type != RtcpPacket.SR
          && type != RtcpPacket.RR) {
        throw new MalformedRtcpException(
            "compound packet starts with type " + type + ", not SR or RR");
      }
      int body = pos + 4;
      packets.add(
          switch (type) {
            case RtcpPacket.SR -> senderReport(buf, body, bodyEnd, count);
            case RtcpPacket.RR -> receiverReport(buf, body, bodyEnd, count);
            case RtcpPacket.SDES -> sourceDescription(buf, body, bodyEnd, count);
            case RtcpPacket.BYE -> goodbye(buf, body, bodyEnd, count);
            default -> new UnknownRtcpPacket(type, count, length);
          });
      pos += length;
    }
    return packets;
  }

  private static int readInt(byte[] b, int p) {
    return ((b[p] & 0xFF) << 24)
        | ((b[p + 1] & 0xFF) << 16)
        | ((b[p + 2] & 0xFF) << 8)
        | (b[p + 3] & 0xFF);
  }

  private static void need(int from, int bytes, int end, String what)
      throws MalformedRtcpException {
    if (bytes > end - from) {
      throw new MalformedRtcpException(what + " runs past the end of its packet");
    }
  }

  private static SenderReport senderReport(byte[] b, int p, int end, int count)
      throws MalformedRtcpException {
    need(p, 24 + count * ReportBlock.SIZE, end, "SR with " + count + " report blocks");
    long ntp = ((long) readInt(b, p + 4) << 32) | Integer.toUnsignedLong(readInt(b, p + 8));
    return new SenderReport(
        readInt(b, p),
        ntp,
        readInt(b, p + 12),
        readInt(b, p + 16),
        readInt(b, p + 20),
        reportBlocks(b, p + 24, count));
  }

  private static ReceiverReport receiverReport(byte[] b, int p, int end, int count)
      throws MalformedRtcpException {
    need(p, 4 + count * ReportBlock.SIZE, end, "RR with " + count + " report blocks");
    return new ReceiverReport(readInt(b, p), reportBlocks(b, p + 4, count));
  }

  private static List<ReportBlock> reportBlocks(byte[] b, int p, int count) {
    List<ReportBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++, p += ReportBlock.SIZE) {
      int lossWord = readInt(b, p + 4);
      int cumulative = (lossWord << 8) >> 8; // sign-extend the 24-bit field
      blocks.add(
          new ReportBlock(
              readInt(b, p),
              lossWord >>> 24,
              cumulative,
              readInt(b, p + 8),
              readInt(b, p + 12),
              readInt(b, p + 16),
              readInt(b, p + 20)));
    }
    return blocks;
  }

  private static SourceDescription sourceDescription(byte[] b, int p, int end, int count)
      throws MalformedRtcpException {
    int packetStart = p - 4;
    List<SourceDescription.Chunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      need(p, 4, end, "SDES chunk");
      int ssrc = readInt(b, p);
      p += 4;
      String cname = null;
      while (true) {
        need(p, 1, end, "SDES item list");
        int itemType = b[p] & 0xFF;
        if (itemType == 0) {
          // The null item ends the chunk; the chunk is padded to a 32-bit boundary.
          p = packetStart + ((p + 1 - packetStart + 3) & ~3);
          if (p > end) {
            throw new MalformedRtcpException("SDES chunk padding runs past the end of its packet");
          }
          break;
        }
        need(p, 2, end, "SDES item");
        int itemLength = b[p + 1] & 0xFF;
        need(p + 2, itemLength, end, "SDES item text");
        if (itemType == 1) {
          cname = new String(b, p + 2, itemLength, StandardCharsets.UTF_8);
        }
        p += 2 + itemLength;
      }
      chunks.add(new SourceDescription.Chunk(ssrc, cname));
    }
    return new SourceDescription(chunks);
  }

  private static Goodbye goodbye(byte[] b, int p, int end, int count)
      throws MalformedRtcpException {
    need(p, 4 * count, end, "BYE source list");
    List<Integer> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++, p += 4) {
      ssrcs.add(readInt(b, p));
    }
    String reason = null;
    if (p < end) {
      int reasonLength = b[p] & 0xFF;
      need(p + 1, reasonLength, end, "BYE reason");
      reason = new String(b, p + 1, reasonLength, StandardCharsets.UTF_8);
    }
    return new Goodbye(ssrcs, reason);
  }
}
