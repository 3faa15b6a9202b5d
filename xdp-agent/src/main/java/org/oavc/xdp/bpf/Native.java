package org.oavc.xdp.bpf;

import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/** Lazily bound native libraries (libc, libbpf) and small helpers around them. */
public final class Native {
  private static final long NR_BPF = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;
  private static final int CLOCK_MONOTONIC = 1;
  private static final int CLONE_NEWNET = 0x40000000;

  private static volatile LibC libc;
  private static volatile LibBpf libbpf;

  private Native() {}

  public static synchronized LibC libc() {
    if (libc == null) {
      libc = LibraryLoader.create(LibC.class).load("c");
    }
    return libc;
  }

  /** libbpf.so.1 (Debian package libbpf1). */
  public static synchronized LibBpf libbpf() {
    if (libbpf == null) {
      libbpf =
          LibraryLoader.create(LibBpf.class)
              .search("/usr/lib/x86_64-linux-gnu")
              .search("/usr/lib/aarch64-linux-gnu")
              .load("libbpf.so.1");
    }
    return libbpf;
  }

  public static Runtime runtime() {
    return Runtime.getRuntime(libc());
  }

  public static int lastErrno() {
    return LastError.getLastError(runtime());
  }

  static long bpf(int cmd, Pointer attr, int size) {
    return libc().syscall(NR_BPF, cmd, attr, size);
  }

  /** CLOCK_MONOTONIC in ns: the clock of bpf_ktime_get_ns(), used for list expiry. */
  public static long monotonicNanos() {
    Pointer ts = Memory.allocateDirect(runtime(), 16, true);
    if (libc().clock_gettime(CLOCK_MONOTONIC, ts) != 0) {
      throw new BpfException("clock_gettime", lastErrno());
    }
    return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
  }

  /** Number of possible CPUs: the per-CPU map value multiplier. */
  public static int possibleCpus() {
    try {
      String spec = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
      int count = 0;
      for (String range : spec.split(",")) {
        String[] ends = range.split("-");
        count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
      }
      return count;
    } catch (java.io.IOException | RuntimeException e) {
      return java.lang.Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * Moves the calling thread (only it: network namespaces are per thread) into the network
   * namespace bound at {@code nsPath}, e.g. /run/netns/NAME. Sockets created and netlink calls made
   * afterwards on this thread belong to that namespace.
   */
  public static void enterNetns(String nsPath) {
    int fd = libc().open(nsPath, 0);
    if (fd < 0) {
      throw new BpfException("open " + nsPath, lastErrno());
    }
    try {
      if (libc().setns(fd, CLONE_NEWNET) != 0) {
        throw new BpfException("setns " + nsPath, lastErrno());
      }
    } finally {
      libc().close(fd);
    }
  }

  /** Where the BPF filesystem is mounted by convention, and where pins live. */
  public static final Path BPFFS = Path.of("/sys/fs/bpf");

  /**
   * Mounts the BPF filesystem on /sys/fs/bpf unless a bpf mount already holds {@code pinDir}: a
   * fresh machine boots without one, and pinning then fails. Returns true when it mounted.
   */
  public static synchronized boolean ensureBpffs(Path pinDir) {
    Path dir = pinDir.toAbsolutePath().normalize();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
        String[] f = line.split(" ");
        if (f.length > 2 && f[2].equals("bpf") && dir.startsWith(Path.of(f[1]))) {
          return false;
        }
      }
    } catch (java.io.IOException e) {
      throw new BpfException("read /proc/self/mounts", BpfException.ENOENT);
    }
    if (!dir.startsWith(BPFFS)) {
      throw new BpfException(
          "no BPF filesystem holds " + dir + " (mount one there, or pin under " + BPFFS + ")",
          BpfException.ENOENT);
    }
    if (libc().mount("bpf", BPFFS.toString(), "bpf", 0, null) != 0) {
      throw new BpfException("mount the BPF filesystem on " + BPFFS, lastErrno());
    }
    return true;
  }

  /** Interface index in the calling thread's network namespace. */
  public static int ifindex(String ifname) {
    int index = libc().if_nametoindex(ifname);
    if (index == 0) {
      throw new BpfException("no interface " + ifname, lastErrno());
    }
    return index;
  }
}
