package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.oavc.xdp.Cidr;
import org.oavc.xdp.XdpAssumptions;

/** A private program instance per test class, reset before each test; verdicts via test runs. */
abstract class VerdictFixture {
  static final int XDP_DROP = 1;
  static final int XDP_PASS = 2;

  static FilterProgram program;
  static FilterMaps maps;

  @BeforeAll
  static void load() throws Exception {
    program = XdpAssumptions.loadPrivate();
    maps = new FilterMaps(program::map);
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
    return new FilterConfig(java.util.List.of(5060), stealth, rateLimit, true, true, false, pps,
        burst, block);
  }

  /** Runs the frame once; asserts exactly one reason counted it and returns that reason. */
  static Reason verdict(byte[] frame) {
    Map<Reason, long[]> before = maps.stats();
    Bpf.TestRun run = program.testRun(frame, 1);
    Map<Reason, long[]> after = maps.stats();
    Reason counted = null;
    for (Reason r : Reason.values()) {
      long delta = after.get(r)[0] - before.get(r)[0];
      assertThat(delta).as("packets counted for %s", r).isBetween(0L, 1L);
      if (delta == 1) {
        assertThat(counted).as("a second reason counted the same packet").isNull();
        counted = r;
        assertThat(after.get(r)[1] - before.get(r)[1]).as("bytes for %s", r).isEqualTo(frame.length);
      }
    }
    assertThat(counted).as("no reason counted the packet").isNotNull();
    assertThat(run.retval()).as("XDP action for %s", counted)
        .isEqualTo(counted.drop() ? XDP_DROP : XDP_PASS);
    return counted;
  }

  static void block(String cidr, long ttlSeconds) {
    maps.put(FilterMaps.ListKind.BLOCK, Cidr.parse(cidr), expiry(ttlSeconds));
  }

  static void allow(String cidr) {
    maps.put(FilterMaps.ListKind.ALLOW, Cidr.parse(cidr), 0);
  }

  /** CLOCK_MONOTONIC deadline {@code ttlSeconds} from now (negative: already expired); 0 = never. */
  static long expiry(long ttlSeconds) {
    return ttlSeconds == 0 ? 0 : Native.monotonicNanos() + ttlSeconds * 1_000_000_000L;
  }
}
