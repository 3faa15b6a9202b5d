package org.oavc.xdp.bpf;

import java.util.ArrayList;
import java.util.List;

/** An open BPF map: its fd and shape, with byte-array access. Close it when done. */
public final class BpfMap implements AutoCloseable {
  public static final int TYPE_PERCPU_ARRAY = 6;

  private final int fd;
  private final Bpf.MapInfo info;
  private final int cpus;

  private BpfMap(int fd) {
    this.fd = fd;
    this.info = Bpf.mapInfo(fd);
    this.cpus = info.type() == TYPE_PERCPU_ARRAY ? Native.possibleCpus() : 1;
  }

  /** Takes ownership of {@code fd}. */
  public static BpfMap ofFd(int fd) {
    try {
      return new BpfMap(fd);
    } catch (RuntimeException e) {
      Bpf.close(fd);
      throw e;
    }
  }

  public static BpfMap pinned(String path) {
    return ofFd(Bpf.objGet(path));
  }

  public String name() {
    return info.name();
  }

  public Bpf.MapInfo info() {
    return info;
  }

  /** Bytes of one value buffer: per-CPU maps hold one 8-aligned slot per possible CPU. */
  public int valueBufferSize() {
    return cpus == 1 ? info.valueSize() : cpus * ((info.valueSize() + 7) & ~7);
  }

  public int slotSize() {
    return (info.valueSize() + 7) & ~7;
  }

  public int cpus() {
    return cpus;
  }

  public byte[] lookup(byte[] key) {
    byte[] value = new byte[valueBufferSize()];
    return Bpf.lookup(fd, key, value) ? value : null;
  }

  public void update(byte[] key, byte[] value) {
    Bpf.update(fd, key, value, Bpf.ANY);
  }

  public boolean delete(byte[] key) {
    return Bpf.delete(fd, key);
  }

  /** Snapshot of the keys (entries may change while iterating; that is fine for listings). */
  public List<byte[]> keys() {
    List<byte[]> keys = new ArrayList<>();
    byte[] key = Bpf.nextKey(fd, null, info.keySize());
    while (key != null && keys.size() <= info.maxEntries()) {
      keys.add(key);
      key = Bpf.nextKey(fd, key, info.keySize());
    }
    return keys;
  }

  @Override
  public void close() {
    Bpf.close(fd);
  }
}
