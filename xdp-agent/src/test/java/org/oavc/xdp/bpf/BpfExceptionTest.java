package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error names and meanings: the same errno reads right for the call that failed. */
class BpfExceptionTest {
  @Test
  void e2bigIsProgramTooLargeOnLoadAndMapFullOnUpdate() {
    BpfException load =
        new BpfException(
            BpfException.Call.PROGRAM_LOAD,
            "load (verifier) x.o",
            7,
            "verifier: BPF program is too large. Processed 1000001 insn");
    assertThat(load.getMessage())
        .startsWith("load (verifier) x.o: program too large")
        .contains("(E2BIG, errno 7)")
        .endsWith("Processed 1000001 insn")
        .doesNotContain("map full");
    assertThat(load.mapFull()).isFalse();
    BpfException update =
        new BpfException(BpfException.Call.MAP_UPDATE, "BPF_MAP_UPDATE_ELEM", 7, null);
    assertThat(update.getMessage()).isEqualTo("BPF_MAP_UPDATE_ELEM: map full (E2BIG, errno 7)");
    assertThat(update.mapFull()).isTrue();
    assertThat(new BpfException("BPF_OBJ_GET", 7).mapFull()).isFalse();
  }

  @Test
  void everyBpfErrnoHasAName() {
    int[] errnos = {
      1, 2, 3, 4, 7, 9, 11, 12, 13, 14, 16, 17, 18, 19, 20, 22, 24, 28, 34, 38, 40, 75, 95, 524,
      4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008, 4009, 4010, 4011, 4012, 4013
    };
    for (int errno : errnos) {
      assertThat(BpfException.name(errno))
          .as("errno %d", errno)
          .matches("E[A-Z0-9]+|LIBBPF_ERRNO__[A-Z0-9]+");
      assertThat(BpfException.meaning(BpfException.Call.OTHER, errno))
          .as("errno %d", errno)
          .isNotEqualTo("error");
    }
    assertThat(BpfException.name(9999)).isEqualTo("E?");
    assertThat(new BpfException("x", 13).getMessage())
        .isEqualTo("x: permission denied (EACCES, errno 13)");
    assertThat(new BpfException(BpfException.Call.PROGRAM_LOAD, "x", 13, null).getMessage())
        .isEqualTo("x: the verifier rejected the program (EACCES, errno 13)");
  }
}
