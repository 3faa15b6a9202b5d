package org.oavc.bench.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the IPv4/UDP datagrams of a libpcap file as tcpdump writes it for {@code -i lo} (Ethernet
 * framing, host byte order, micro- or nanosecond time stamps). Anything else is skipped.
 */
final class PcapFile {
  private static final int MAGIC_MICROS = 0xa1b2c3d4;
  private static final int MAGIC_NANOS = 0xa1b23c4d;
  private static final int LINKTYPE_ETHERNET = 1;

  private PcapFile() {}

  static List<LoopbackDatagram> read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<LoopbackDatagram> out = new ArrayList<>();
    if (b.remaining() < 24) {
      return out; // tcpdump stopped before writing its header: nothing was captured
    }
    int magic = b.getInt(0);
    if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
      throw new IOException(file + ": not a little-endian pcap file");
    }
    long unit = magic == MAGIC_NANOS ? 1 : 1000;
    if (b.getInt(20) != LINKTYPE_ETHERNET) {
      throw new IOException(file + ": link type " + b.getInt(20) + ", expected Ethernet (-i lo)");
    }
    int pos = 24;
    while (pos + 16 <= b.limit()) {
      long nanos =
          (b.getInt(pos) & 0xffffffffL) * 1_000_000_000L + (b.getInt(pos + 4) & 0xffffffffL) * unit;
      int length = b.getInt(pos + 8);
      int frame = pos + 16;
      pos = frame + length;
      if (pos > b.limit()) {
        break; // cut short by the stop
      }
      LoopbackDatagram d = udp(b, frame, length, nanos);
      if (d != null) {
        out.add(d);
      }
    }
    return out;
  }

  private static LoopbackDatagram udp(ByteBuffer b, int frame, int length, long nanos) {
    b.order(ByteOrder.BIG_ENDIAN);
    try {
      if (length < 14 + 20 + 8 || b.getShort(frame + 12) != 0x0800) {
        return null; // not IPv4
      }
      int ip = frame + 14;
      int headerLength = (b.get(ip) & 0x0f) * 4;
      if (b.get(ip + 9) != 17) {
        return null; // not UDP
      }
      int udp = ip + headerLength;
      int payloadLength = (b.getShort(udp + 4) & 0xffff) - 8;
      int available = frame + length - (udp + 8);
      byte[] payload = new byte[Math.max(0, Math.min(payloadLength, available))];
      b.get(udp + 8, payload);
      return new LoopbackDatagram(
          nanos,
          b.getShort(udp) & 0xffff,
          b.getShort(udp + 2) & 0xffff,
          new String(payload, StandardCharsets.ISO_8859_1));
    } finally {
      b.order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}
