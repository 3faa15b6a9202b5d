package org.oavc.xdp.bpf;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds Ethernet frames for BPF_PROG_TEST_RUN fixtures. */
final class Frames {
  static final int SIP = 5060;

  private String src = "192.0.2.10";
  private String dst = "192.0.2.1";
  private int dport = SIP;
  private int vlans;
  private int framePadding;
  private Integer udpLengthOverride;
  private int fragOff;
  private boolean v6Fragment;
  private int v6FragmentField;
  private int[] v6Extensions = new int[0];
  private int protocol = 17;

  static Frames from(String src) {
    Frames f = new Frames();
    f.src = src;
    f.dst = src.contains(":") ? "2001:db8::1" : "192.0.2.1";
    return f;
  }

  Frames dport(int port) {
    dport = port;
    return this;
  }

  Frames vlans(int count) {
    vlans = count;
    return this;
  }

  /** Zero bytes after the UDP datagram (as Ethernet minimum-size padding adds). */
  Frames framePadding(int bytes) {
    framePadding = bytes;
    return this;
  }

  Frames udpLength(int length) {
    udpLengthOverride = length;
    return this;
  }

  /** IPv4 flags+offset field value (0x2000 = more fragments). */
  Frames ipv4FragField(int value) {
    fragOff = value;
    return this;
  }

  /** A first IPv6 fragment: offset 0, more fragments. */
  Frames ipv6FragmentHeader() {
    return ipv6FragmentHeader(1);
  }

  /**
   * An IPv6 fragment header whose offset+flags field is {@code field} (offset in 8-byte units << 3,
   * 1 = more fragments).
   */
  Frames ipv6FragmentHeader(int field) {
    v6Fragment = true;
    v6FragmentField = field;
    return this;
  }

  /**
   * IPv6 extension headers before the (fragment header and) UDP: 0 hop-by-hop, 43 routing, 60
   * destination options (8 bytes each), 51 AH (12 bytes).
   */
  Frames ipv6Extensions(int... types) {
    v6Extensions = types.clone();
    return this;
  }

  Frames protocol(int proto) {
    protocol = proto;
    return this;
  }

  byte[] udp(String payload) {
    return udp(payload.getBytes(StandardCharsets.ISO_8859_1));
  }

  byte[] udp(byte[] payload) {
    ByteBuffer udp = ByteBuffer.allocate(8 + payload.length);
    udp.putShort((short) 40000)
        .putShort((short) dport)
        .putShort((short) (udpLengthOverride != null ? udpLengthOverride : 8 + payload.length))
        .putShort((short) 0)
        .put(payload);
    byte[] l4 = udp.array();
    byte[] s = addr(src);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {2, 2, 2, 2, 2, 2, 4, 4, 4, 4, 4, 4});
    for (int i = 0; i < vlans; i++) {
      out.writeBytes(
          new byte[] {
            (byte) (i == 0 && vlans == 2 ? 0x88 : 0x81), (byte) (i == 0 && vlans == 2 ? 0xa8 : 0x00)
          });
      out.writeBytes(new byte[] {0, (byte) (10 + i)});
    }
    if (s.length == 4) {
      out.writeBytes(new byte[] {8, 0});
      ByteBuffer ip = ByteBuffer.allocate(20);
      ip.put((byte) 0x45)
          .put((byte) 0)
          .putShort((short) (20 + l4.length))
          .putShort((short) 1)
          .putShort((short) fragOff)
          .put((byte) 64)
          .put((byte) protocol)
          .putShort((short) 0)
          .put(s)
          .put(addr(dst));
      out.writeBytes(ip.array());
    } else {
      out.writeBytes(new byte[] {(byte) 0x86, (byte) 0xdd});
      ByteArrayOutputStream ext = new ByteArrayOutputStream();
      int upper = v6Fragment ? 44 : protocol;
      for (int i = 0; i < v6Extensions.length; i++) {
        int next = i + 1 < v6Extensions.length ? v6Extensions[i + 1] : upper;
        if (v6Extensions[i] == 51) {
          // AH: length in 4-byte units minus 2; 12 bytes = header, SPI, sequence number
          ext.writeBytes(new byte[] {(byte) next, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
        } else {
          ext.writeBytes(new byte[] {(byte) next, 0, 1, 4, 0, 0, 0, 0}); // PadN option
        }
      }
      if (v6Fragment) {
        ext.writeBytes(
            new byte[] {
              (byte) protocol, 0, (byte) (v6FragmentField >> 8), (byte) v6FragmentField, 0, 0, 0, 7
            });
      }
      byte[] headers = ext.toByteArray();
      ByteBuffer ip = ByteBuffer.allocate(40);
      ip.putInt(0x60000000)
          .putShort((short) (l4.length + headers.length))
          .put((byte) (v6Extensions.length > 0 ? v6Extensions[0] : upper))
          .put((byte) 64)
          .put(s)
          .put(addr(dst));
      out.writeBytes(ip.array());
      out.writeBytes(headers);
    }
    out.writeBytes(l4);
    out.writeBytes(new byte[framePadding]);
    return out.toByteArray();
  }

  static byte[] addr(String text) {
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** A SIP request padded with a header so the UDP payload is exactly {@code size} bytes. */
  static String paddedRequest(String method, int size) {
    String head = method + " sip:bob@example.com SIP/2.0\r\nX-Pad: ";
    String tail = "\r\n\r\n";
    int pad = size - head.length() - tail.length();
    if (pad < 0) {
      throw new IllegalArgumentException("size too small");
    }
    return head + "a".repeat(pad) + tail;
  }

  static String invite(String requestUri) {
    return "INVITE "
        + requestUri
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds\r\n"
        + "From: <sip:alice@example.com>;tag=1928301774\r\n"
        + "To: <sip:bob@example.com>\r\nCall-ID: a84b4c76e66710\r\nCSeq: 1 INVITE\r\n"
        + "Contact: <sip:alice@192.0.2.10>\r\nUser-Agent: Linphone/5.2\r\n"
        + "Content-Length: 0\r\n\r\n";
  }
}
