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
      throw new BpfException(BpfException.Call.MAP_UPDATE, "BPF_MAP_UPDATE_ELEM",
          Native.lastErrno(), null);
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
   * Loads a two-instruction XDP program returning {@code action} (r0 = action; exit). Used
   * by the benchmark as the live-frame generator (XDP_TX = 3). Returns the program fd.
   */
  public static int loadXdpReturning(int action) {
    Pointer mem = Memory.allocateDirect(Native.runtime(), 128 + 16 + 4, true);
    mem.putLong(128, 0xb7L | ((long) action << 32)); // BPF_ALU64 | BPF_MOV | BPF_K, dst r0
    mem.putLong(136, 0x95L); // BPF_JMP | BPF_EXIT
    mem.putString(144, "GPL", 4, java.nio.charset.StandardCharsets.US_ASCII);
    mem.putInt(0, 6); // BPF_PROG_TYPE_XDP
    mem.putInt(4, 2);
    mem.putLong(8, mem.address() + 128);
    mem.putLong(16, mem.address() + 144);
    return (int) check(Native.bpf(PROG_LOAD, mem, 72), "BPF_PROG_LOAD");
  }

  /**
   * BPF_PROG_RUN with BPF_F_TEST_XDP_LIVE_FRAMES: the kernel sends {@code repeat} copies of
   * {@code frame} as if received on {@code ifindex} (in the calling thread's netns) and acts
   * on the program's verdict (XDP_TX transmits on that device, i.e. to its veth peer).
   */
  public static void testRunLive(int progFd, byte[] frame, int repeat, int ifindex, int batch) {
    Pointer mem = Memory.allocateDirect(Native.runtime(), 80 + 24 + frame.length, true);
    mem.put(104, frame, 0, frame.length);
    Pointer ctx = mem.slice(80);
    ctx.putInt(4, frame.length); // xdp_md.data_end must equal data_size_in
    ctx.putInt(12, ifindex); // ingress_ifindex
    mem.putInt(0, progFd);
    mem.putInt(8, frame.length);
    mem.putLong(16, mem.address() + 104);
    mem.putInt(32, repeat);
    mem.putInt(40, 24);
    mem.putLong(48, mem.address() + 80);
    mem.putInt(64, 1 << 1); // BPF_F_TEST_XDP_LIVE_FRAMES
    mem.putInt(72, batch);
    check(Native.bpf(PROG_TEST_RUN, mem, 80), "BPF_PROG_RUN (live frames)");
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
    return new MapInfo(info.getInt(0), info.getInt(4), info.getInt(8), info.getInt(12),
        info.getInt(16), new String(rawName, 0, end, java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The parts of struct bpf_map_info the agent checks. */
  public record MapInfo(int type, int id, int keySize, int valueSize, int maxEntries, String name) {}

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
