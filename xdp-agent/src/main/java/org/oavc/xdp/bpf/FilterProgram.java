package org.oavc.xdp.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The filter program loaded through libbpf: a private instance (nothing pinned until {@link #pin}),
 * its maps, and XDP attach/detach. Not thread-safe; one owner.
 */
public final class FilterProgram implements AutoCloseable {
  public static final String PROGRAM_NAME = "sip_filter";

  /** Classpath location of the object built by the Maven build. */
  public static final String RESOURCE = "/bpf/sip_filter.o";

  public static final String[] MAP_NAMES = {
    "config",
    "stats",
    "block_exact",
    "block_lpm",
    "allow_exact",
    "allow_lpm",
    "rate_state",
    "xsks_map"
  };

  /** BPF_LOG_STATS: the verifier's summary and its error lines, not every instruction. */
  private static final int LOG_LEVEL_STATS = 4;

  private static final int LOG_BYTES = 256 * 1024;

  /** Verifier log lines an operator sees when a load fails. */
  private static final int LOG_TAIL_LINES = 12;

  private static final int XDP_FLAGS_SKB_MODE = 2;
  private static final int XDP_FLAGS_DRV_MODE = 4;

  private final Pointer object;
  private final int progFd;
  private final Map<String, BpfMap> maps = new LinkedHashMap<>();
  private final VerifierStats verifierStats;
  private String pinDir;

  private FilterProgram(Pointer object, VerifierStats verifierStats) {
    this.object = object;
    this.verifierStats = verifierStats;
    Pointer prog = Native.libbpf().bpf_object__find_program_by_name(object, PROGRAM_NAME);
    if (prog == null) {
      throw new BpfException("program " + PROGRAM_NAME + " not in object", BpfException.ENOENT);
    }
    this.progFd = Native.libbpf().bpf_program__fd(prog);
    for (String name : MAP_NAMES) {
      int fd = Native.libbpf().bpf_object__find_map_fd_by_name(object, name);
      if (fd < 0) {
        throw new BpfException("map " + name + " not in object", -fd);
      }
      // libbpf owns (and closes) its fd; the BpfMap owns a duplicate
      maps.put(name, BpfMap.ofFd(dup(fd)));
    }
  }

  /**
   * Opens and loads (verifies) the object file. The verifier's statistics are kept ({@link
   * #verifierStats()}); a refused load throws with the verifier's last lines.
   */
  public static FilterProgram load(Path objectFile) {
    LibBpf lib = Native.libbpf();
    Pointer obj = lib.bpf_object__open_file(objectFile.toString(), null);
    if (obj == null) {
      throw new BpfException("open " + objectFile, Native.lastErrno());
    }
    Pointer prog = lib.bpf_object__find_program_by_name(obj, PROGRAM_NAME);
    Pointer log = Memory.allocateDirect(Native.runtime(), LOG_BYTES, true);
    if (prog != null) {
      lib.bpf_program__set_log_level(prog, LOG_LEVEL_STATS);
      lib.bpf_program__set_log_buf(prog, log, LOG_BYTES);
    }
    int r = lib.bpf_object__load(obj);
    String text = log.getString(0, LOG_BYTES, StandardCharsets.US_ASCII);
    if (r != 0) {
      lib.bpf_object__close(obj);
      throw new BpfException(
          BpfException.Call.PROGRAM_LOAD,
          "load (verifier) " + objectFile,
          -r,
          text.isBlank() ? null : "verifier: " + lastLines(text, LOG_TAIL_LINES));
    }
    try {
      return new FilterProgram(obj, VerifierStats.parse(text));
    } catch (RuntimeException e) {
      lib.bpf_object__close(obj);
      throw e;
    }
  }

  /** What the verifier reported when it accepted this program; null if the kernel said nothing. */
  public VerifierStats verifierStats() {
    return verifierStats;
  }

  static String lastLines(String text, int count) {
    String[] lines = text.strip().split("\n");
    int from = Math.max(0, lines.length - count);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  /**
   * The object to load: {@code explicit} when given, else the one on the classpath (copied to a
   * temp file). Returns null when neither exists (clang was missing at build time).
   */
  public static Path locateObject(Path explicit) throws IOException {
    if (explicit != null) {
      return Files.isRegularFile(explicit) ? explicit : null;
    }
    try (InputStream in = FilterProgram.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      Path tmp = Files.createTempFile("sip_filter", ".o");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    }
  }

  public int progFd() {
    return progFd;
  }

  public BpfMap map(String name) {
    BpfMap m = maps.get(name);
    if (m == null) {
      throw new IllegalArgumentException("no map " + name);
    }
    return m;
  }

  public Bpf.TestRun testRun(byte[] frame, int repeat) {
    return Bpf.testRun(progFd, frame, repeat);
  }

  /** Pins the maps under {@code dir}/maps and the program as {@code dir}/prog. */
  public void pin(Path dir) throws IOException {
    Files.createDirectories(dir);
    String mapsDir = dir.resolve("maps").toString();
    int r = Native.libbpf().bpf_object__pin_maps(object, mapsDir);
    if (r != 0) {
      throw new BpfException("pin maps in " + mapsDir, -r);
    }
    Pointer prog = Native.libbpf().bpf_object__find_program_by_name(object, PROGRAM_NAME);
    r = Native.libbpf().bpf_program__pin(prog, dir.resolve("prog").toString());
    if (r != 0) {
      Native.libbpf().bpf_object__unpin_maps(object, mapsDir);
      throw new BpfException("pin program in " + dir, -r);
    }
    pinDir = dir.toString();
  }

  /** Removes the pins made by {@link #pin} (the directory itself too, when empty). */
  public void unpin() {
    if (pinDir == null) {
      return;
    }
    Native.libbpf().bpf_object__unpin_maps(object, pinDir + "/maps");
    Pointer prog = Native.libbpf().bpf_object__find_program_by_name(object, PROGRAM_NAME);
    Native.libbpf().bpf_program__unpin(prog, pinDir + "/prog");
    Path.of(pinDir, "maps").toFile().delete();
    Path.of(pinDir).toFile().delete();
    pinDir = null;
  }

  /**
   * Attaches to {@code ifindex} (in the calling thread's network namespace) through netlink, so the
   * filter outlives the agent process. Native is tried first when asked for; the result is the mode
   * the kernel reports afterwards, not the one requested.
   */
  public AttachResult attach(int ifindex, AttachMode requested) {
    LibBpf lib = Native.libbpf();
    String note = "";
    int r;
    if (requested == AttachMode.NATIVE) {
      r = lib.bpf_xdp_attach(ifindex, progFd, XDP_FLAGS_DRV_MODE, null);
      if (r != 0) {
        note = "native refused (" + new BpfException("attach", -r).getMessage() + "); ";
        r = lib.bpf_xdp_attach(ifindex, progFd, XDP_FLAGS_SKB_MODE, null);
      }
    } else {
      r = lib.bpf_xdp_attach(ifindex, progFd, XDP_FLAGS_SKB_MODE, null);
    }
    if (r != 0) {
      throw new BpfException("attach XDP to ifindex " + ifindex, -r);
    }
    AttachMode actual = queryMode(ifindex);
    return new AttachResult(actual, note + "attached in " + actual.label() + " mode");
  }

  /** Mode of the XDP program currently attached to {@code ifindex}, or NONE. */
  public static AttachMode queryMode(int ifindex) {
    Pointer opts = Memory.allocateDirect(Native.runtime(), 32, true);
    opts.putLong(0, 32); // struct bpf_xdp_query_opts: sz, then ids, attach_mode at 24
    int r = Native.libbpf().bpf_xdp_query(ifindex, 0, opts);
    if (r != 0) {
      throw new BpfException("query XDP on ifindex " + ifindex, -r);
    }
    return switch (opts.getByte(24)) {
      case 1 -> AttachMode.NATIVE;
      case 2 -> AttachMode.GENERIC;
      case 0 -> AttachMode.NONE;
      default -> AttachMode.OTHER;
    };
  }

  /** Detaches whatever XDP program is attached in {@code mode} on {@code ifindex}. */
  public static void detach(int ifindex, AttachMode mode) {
    int flags =
        mode == AttachMode.GENERIC
            ? XDP_FLAGS_SKB_MODE
            : mode == AttachMode.NATIVE ? XDP_FLAGS_DRV_MODE : 0;
    int r = Native.libbpf().bpf_xdp_detach(ifindex, flags, null);
    if (r != 0 && -r != BpfException.ENOENT) {
      throw new BpfException("detach XDP from ifindex " + ifindex, -r);
    }
  }

  @Override
  public void close() {
    close(true);
  }

  /** Closes our fds; with {@code unpin} false the pins (and an attached program) stay. */
  public void close(boolean unpin) {
    if (unpin) {
      unpin();
    }
    maps.values().forEach(BpfMap::close);
    maps.clear();
    Native.libbpf().bpf_object__close(object);
  }

  private static int dup(int fd) {
    int copy = Native.libc().dup(fd);
    if (copy < 0) {
      throw new BpfException("dup", Native.lastErrno());
    }
    return copy;
  }
}
