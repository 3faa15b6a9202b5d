package org.oavc.xdp.bpf;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.oavc.common.net.Cidr;
import org.oavc.xdp.XdpAssumptions;

/** A private program instance per test class, reset before each test; verdicts via test runs. */
abstract class VerdictFixture {
  static FilterProgram program;
  static FilterMaps maps;
  static ProgramProbe probe;

  @BeforeAll
  static void load() throws Exception {
    program = XdpAssumptions.loadPrivate();
    maps = new FilterMaps(program::map);
    probe = new ProgramProbe(program.progFd(), maps, () -> {});
  }

  @AfterAll
  static void unload() {
    if (program != null) {
      program.close();
      program = null;
    }
  }

  @BeforeEach
  void reset() {
    maps.writeConfig(config(false, false, 50, 100, 60));
    for (FilterMaps.ListKind kind : FilterMaps.ListKind.values()) {
      for (FilterMaps.ListEntry e : maps.list(kind)) {
        maps.remove(kind, e.cidr());
      }
    }
  }

  static FilterConfig config(boolean stealth, boolean rateLimit, int pps, int burst, int block) {
    return new FilterConfig(
        java.util.List.of(5060), stealth, rateLimit, true, true, false, pps, burst, block);
  }

  /** Runs the frame once; asserts exactly one reason counted it and returns that reason. */
  static Reason verdict(byte[] frame) {
    return probe.verdict(frame);
  }

  static void block(String cidr, long ttlSeconds) {
    maps.put(FilterMaps.ListKind.BLOCK, Cidr.parse(cidr), expiry(ttlSeconds));
  }

  static void allow(String cidr) {
    maps.put(FilterMaps.ListKind.ALLOW, Cidr.parse(cidr), 0);
  }

  /**
   * CLOCK_MONOTONIC deadline {@code ttlSeconds} from now (negative: already expired); 0 = never.
   */
  static long expiry(long ttlSeconds) {
    return ttlSeconds == 0 ? 0 : Native.monotonicNanos() + ttlSeconds * 1_000_000_000L;
  }
}
