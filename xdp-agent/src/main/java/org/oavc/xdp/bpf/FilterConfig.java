package org.oavc.xdp.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Mirror of struct filter_config (bpf/sip_filter.h): 32 bytes, little endian.
 *
 * @param ports SIP ports (1..8 entries)
 * @param ratePps tokens per second per source
 * @param rateBurst bucket size
 * @param autoblockSeconds how long an over-limit source is blocked (0 = never)
 */
public record FilterConfig(
    List<Integer> ports,
    boolean optionsStealth,
    boolean rateLimit,
    boolean scanner,
    boolean syntaxGate,
    boolean afXdp,
    int ratePps,
    int rateBurst,
    int autoblockSeconds) {
  public static final int SIZE = 32;
  public static final int MAX_PORTS = 8;
  static final int OPTIONS_STEALTH = 1;
  static final int RATE_LIMIT = 1 << 1;
  static final int SCANNER = 1 << 2;
  static final int SYNTAX_GATE = 1 << 3;
  static final int AF_XDP = 1 << 4;
  static final int VALID = 1 << 31;

  /** The program's built-in defaults (DEFAULT_* in the header). */
  public static FilterConfig defaults() {
    return new FilterConfig(List.of(5060), false, false, true, true, false, 50, 100, 60);
  }

  public FilterConfig {
    ports = List.copyOf(ports);
    if (ports.isEmpty() || ports.size() > MAX_PORTS) {
      throw new IllegalArgumentException("ports: 1 to " + MAX_PORTS + " entries required");
    }
    for (int p : ports) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port out of range 1..65535: " + p);
      }
    }
    if (ratePps < 1 || rateBurst < 1) {
      throw new IllegalArgumentException("ratePps and rateBurst must be >= 1");
    }
    if (autoblockSeconds < 0) {
      throw new IllegalArgumentException("autoblockSeconds must be >= 0");
    }
  }

  public byte[] encode() {
    ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    int flags =
        VALID
            | (optionsStealth ? OPTIONS_STEALTH : 0)
            | (rateLimit ? RATE_LIMIT : 0)
            | (scanner ? SCANNER : 0)
            | (syntaxGate ? SYNTAX_GATE : 0)
            | (afXdp ? AF_XDP : 0);
    b.putInt(flags).putInt(ratePps).putInt(rateBurst).putInt(autoblockSeconds);
    for (int i = 0; i < MAX_PORTS; i++) {
      b.putShort((short) (i < ports.size() ? ports.get(i) : 0));
    }
    return b.array();
  }

  /** Decodes a slot; an all-zero (never written) slot means the defaults. */
  public static FilterConfig decode(byte[] raw) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    int flags = b.getInt();
    if ((flags & VALID) == 0) {
      return defaults();
    }
    int pps = b.getInt();
    int burst = b.getInt();
    int autoblock = b.getInt();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < MAX_PORTS; i++) {
      int p = Short.toUnsignedInt(b.getShort());
      if (p != 0) {
        ports.add(p);
      }
    }
    return new FilterConfig(
        ports,
        (flags & OPTIONS_STEALTH) != 0,
        (flags & RATE_LIMIT) != 0,
        (flags & SCANNER) != 0,
        (flags & SYNTAX_GATE) != 0,
        (flags & AF_XDP) != 0,
        pps,
        burst,
        autoblock);
  }
}
