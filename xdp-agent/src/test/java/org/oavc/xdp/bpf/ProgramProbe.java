package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

/** Runs fixture frames through a program fd and reports which reason counted each one. */
public final class ProgramProbe implements AutoCloseable {
  private final int progFd;
  private final FilterMaps maps;
  private final Runnable closer;

  ProgramProbe(int progFd, FilterMaps maps, Runnable closer) {
    this.progFd = progFd;
    this.maps = maps;
    this.closer = closer;
  }

  /** Opens the program and maps pinned under {@code dir} (prog, maps/NAME). */
  public static ProgramProbe pinned(Path dir) {
    int fd = Bpf.objGet(dir.resolve("prog").toString());
    Map<String, BpfMap> open = new java.util.HashMap<>();
    FilterMaps maps =
        new FilterMaps(
            name ->
                open.computeIfAbsent(
                    name, n -> BpfMap.pinned(dir.resolve("maps").resolve(n).toString())));
    return new ProgramProbe(
        fd,
        maps,
        () -> {
          open.values().forEach(BpfMap::close);
          Bpf.close(fd);
        });
  }

  public FilterMaps maps() {
    return maps;
  }

  /** Verdict for a UDP/5060 payload from {@code src}. */
  public Reason verdict(String src, String payload) {
    return verdict(Frames.from(src).udp(payload));
  }

  /** Runs the frame once; asserts exactly one reason counted it and returns that reason. */
  public Reason verdict(byte[] frame) {
    Map<Reason, long[]> before = maps.stats();
    Bpf.TestRun run = Bpf.testRun(progFd, frame, 1);
    Map<Reason, long[]> after = maps.stats();
    Reason counted = null;
    for (Reason r : Reason.values()) {
      long delta = after.get(r)[0] - before.get(r)[0];
      assertThat(delta).as("packets counted for %s", r).isBetween(0L, 1L);
      if (delta == 1) {
        assertThat(counted).as("a second reason counted the same packet").isNull();
        counted = r;
        assertThat(after.get(r)[1] - before.get(r)[1])
            .as("bytes for %s", r)
            .isEqualTo(frame.length);
      }
    }
    assertThat(counted).as("no reason counted the packet").isNotNull();
    assertThat(run.retval()).as("XDP action for %s", counted).isEqualTo(counted.drop() ? 1 : 2);
    return counted;
  }

  @Override
  public void close() {
    closer.run();
  }
}
