package org.oavc.xdp.bpf;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** Raw bpf(2) commands through jnr-ffi. Attr layouts: shared/research/xdp.md section 5. */
public final class Bpf {
  static final int MAP_LOOKUP_ELEM = 1;
  static final int MAP_UPDATE_ELEM = 2;
  static final int MAP_DELETE_ELEM = 3;
  static final int MAP_GET_NEXT_KEY = 4;
  static final int PROG_LOAD = 5;
  static final int OBJ_GET = 7;
  static final int PROG_TEST_RUN = 10;
  static final int OBJ_GET_INFO_BY_FD = 15;

  public static final long ANY = 0;
  public static final long NOEXIST = 1;

  private Bpf() {}

  /** Result of one BPF_PROG_TEST_RUN: the program's return code and mean ns per run. */
  public record TestRun(int retval, long durationNs, byte[] dataOut) {}

  /** Opens a pinned object (map or program); returns its fd. */
  public static int objGet(String path) {
    Pointer attr = Memory.allocateDirect(Native.runtime(), 16, true);
    Pointer name = Memory.allocateDirect(Native.runtime(), path.length() * 3 + 1, true);
    name.putString(0, path, path.length() * 3 + 1, java.nio.charset.StandardCharsets.UTF_8);
    attr.putLong(0, name.address());
    return (int) check(Native.bpf(OBJ_GET, attr, 16), "BPF_OBJ_GET " + path);
  }

  /** Returns false when the key is absent. */
  public static boolean lookup(int fd, byte[] key, byte[] value) {
    Pointer mem = buffer(key.length, value.length);
    long r = Native.bpf(MAP_LOOKUP_ELEM, attrAt(mem, fd, key, value.length), 32);
    if (r < 0) {
      int errno = Native.lastErrno();
      if (errno == BpfException.ENOENT) {
        return false;
      }
      throw new BpfException("BPF_MAP_LOOKUP_ELEM", errno);
    }
    mem.get(32 + key.length, value, 0, value.length);
    return true;
  }

  public static void update(int fd, byte[] key, byte[] value, long flags) {
    Pointer mem = buffer(key.length, value.length);
    Pointer attr = attrAt(mem, fd, key, value.length);
    mem.put(32 + key.length, value, 0, value.length);
    attr.putLong(24, flags);
    if (Native.bpf(MAP_UPDATE_ELEM, attr, 32) < 0) {
      throw new BpfException(
          BpfException.Call.MAP_UPDATE, "BPF_MAP_UPDATE_ELEM", Native.lastErrno(), null);
    }
  }

  /** Returns false when the key was absent. */
  public static boolean delete(int fd, byte[] key) {
    Pointer mem = buffer(key.length, 0);
    long r = Native.bpf(MAP_DELETE_ELEM, attrAt(mem, fd, key, 0), 32);
    if (r < 0) {
      int errno = Native.lastErrno();
      if (errno == BpfException.ENOENT) {
        return false;
      }
      throw new BpfException("BPF_MAP_DELETE_ELEM", errno);
    }
    return true;
  }

  /** Next key after {@code key} (null: the first); null at the end. */
  public static byte[] nextKey(int fd, byte[] key, int keySize) {
    Pointer mem = buffer(keySize, keySize);
    Pointer attr = mem.slice(0, 32);
    attr.putInt(0, fd);
    if (key != null) {
      mem.put(32, key, 0, keySize);
      attr.putLong(8, mem.address() + 32);
    }
    attr.putLong(16, mem.address() + 32 + keySize);
    long r = Native.bpf(MAP_GET_NEXT_KEY, attr, 32);
    if (r < 0) {
      int errno = Native.lastErrno();
      if (errno == BpfException.ENOENT) {
        return null;
      }
      throw new BpfException("BPF_MAP_GET_NEXT_KEY", errno);
    }
    byte[] next = new byte[keySize];
    mem.get(32 + keySize, next, 0, keySize);
    return next;
  }

  /** BPF_PROG_TEST_RUN: runs the program {@code repeat} times over {@code data}. */
  public static TestRun testRun(int progFd, byte[] data, int repeat) {
    int outSize = data.length + 256;
    Pointer mem = Memory.allocateDirect(Native.runtime(), 80 + data.length + outSize, true);
    mem.put(80, data, 0, data.length);
    mem.putInt(0, progFd);
    mem.putInt(8, data.length);
    mem.putInt(12, outSize);
    mem.putLong(16, mem.address() + 80);
    mem.putLong(24, mem.address() + 80 + data.length);
    mem.putInt(32, repeat);
    check(Native.bpf(PROG_TEST_RUN, mem, 80), "BPF_PROG_TEST_RUN");
    byte[] out = new byte[mem.getInt(12)];
    mem.get(80 + data.length, out, 0, Math.min(out.length, outSize));
    return new TestRun(mem.getInt(4), Integer.toUnsignedLong(mem.getInt(36)), out);
  }

  /**
   * Loads an XDP program of raw instructions (each {@code opcode | regs << 8 | off << 16 | imm <<
   * 32}); returns the program fd. Used by the benchmark for its helper programs.
   */
  public static int loadXdp(long... insns) {
    int code = 128 + insns.length * 8;
    Pointer mem = Memory.allocateDirect(Native.runtime(), code + 4, true);
    for (int i = 0; i < insns.length; i++) {
      mem.putLong(128 + i * 8L, insns[i]);
    }
    mem.putString(code, "GPL", 4, java.nio.charset.StandardCharsets.US_ASCII);
    mem.putInt(0, 6); // BPF_PROG_TYPE_XDP
    mem.putInt(4, insns.length);
    mem.putLong(8, mem.address() + 128);
    mem.putLong(16, mem.address() + code);
    return (int) check(Native.bpf(PROG_LOAD, mem, 72), "BPF_PROG_LOAD");
  }

  /** An XDP program redirecting every frame out of {@code ifindex}: bpf_redirect(ifindex, 0). */
  public static int loadXdpRedirect(int ifindex) {
    return loadXdp(
        0xb7L | (1L << 8) | ((long) ifindex << 32), // r1 = ifindex
        0xb7L | (2L << 8), // r2 = 0
        0x85L | (23L << 32), // call bpf_redirect
        0x95L); // exit
  }

  /** struct bpf_map_info of a map fd. */
  public static MapInfo mapInfo(int fd) {
    Pointer mem = Memory.allocateDirect(Native.runtime(), 16 + 88, true);
    mem.putInt(0, fd);
    mem.putInt(4, 88);
    mem.putLong(8, mem.address() + 16);
    check(Native.bpf(OBJ_GET_INFO_BY_FD, mem, 16), "BPF_OBJ_GET_INFO_BY_FD");
    Pointer info = mem.slice(16);
    byte[] rawName = new byte[16];
    info.get(24, rawName, 0, 16);
    int end = 0;
    while (end < 16 && rawName[end] != 0) {
      end++;
    }
    return new MapInfo(
        info.getInt(0),
        info.getInt(4),
        info.getInt(8),
        info.getInt(12),
        info.getInt(16),
        new String(rawName, 0, end, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The parts of struct bpf_map_info the agent checks. */
  public record MapInfo(
      int type, int id, int keySize, int valueSize, int maxEntries, String name) {}

  public static void close(int fd) {
    if (fd >= 0) {
      Native.libc().close(fd);
    }
  }

  private static Pointer buffer(int keySize, int valueSize) {
    return Memory.allocateDirect(Native.runtime(), 32 + keySize + valueSize, true);
  }

  /** attr at offset 0, key at 32, value at 32 + key.length. */
  private static Pointer attrAt(Pointer mem, int fd, byte[] key, int valueSize) {
    mem.putInt(0, fd);
    mem.put(32, key, 0, key.length);
    mem.putLong(8, mem.address() + 32);
    if (valueSize > 0) {
      mem.putLong(16, mem.address() + 32 + key.length);
    }
    return mem;
  }

  private static long check(long result, String what) {
    if (result < 0) {
      throw new BpfException(what, Native.lastErrno());
    }
    return result;
  }
}
