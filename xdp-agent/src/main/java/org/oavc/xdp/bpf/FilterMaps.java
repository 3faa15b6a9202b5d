package org.oavc.xdp.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.oavc.common.net.Cidr;

/**
 * Typed access to the filter's maps (layouts from bpf/sip_filter.h). Thread-safe as far as the
 * kernel maps are; callers serialize writes that must be atomic as a group.
 */
public final class FilterMaps {
  /** Which of the two address lists. */
  public enum ListKind {
    BLOCK("block_exact", "block_lpm"),
    ALLOW("allow_exact", "allow_lpm");

    final String exact;
    final String lpm;

    ListKind(String exact, String lpm) {
      this.exact = exact;
      this.lpm = lpm;
    }
  }

  /** One list entry; {@code expiresNs} is CLOCK_MONOTONIC, 0 = never. */
  public record ListEntry(Cidr cidr, long expiresNs) {}

  /** A source the program auto-blocked after it exceeded the rate limit. */
  public record AutoBlock(Cidr source, long blockedUntilNs) {}

  private final BpfMap config;
  private final BpfMap stats;
  private final BpfMap rate;
  private final Map<ListKind, BpfMap[]> lists = new EnumMap<>(ListKind.class);

  public FilterMaps(Function<String, BpfMap> byName) {
    this.config = byName.apply("config");
    this.stats = byName.apply("stats");
    this.rate = byName.apply("rate_state");
    for (ListKind kind : ListKind.values()) {
      lists.put(kind, new BpfMap[] {byName.apply(kind.exact), byName.apply(kind.lpm)});
    }
  }

  public FilterConfig readConfig() {
    byte[] raw = config.lookup(new byte[4]);
    return FilterConfig.decode(raw == null ? new byte[FilterConfig.SIZE] : raw);
  }

  public void writeConfig(FilterConfig c) {
    config.update(new byte[4], c.encode());
  }

  /** Packets and bytes per reason, summed over CPUs. */
  public Map<Reason, long[]> stats() {
    Map<Reason, long[]> out = new EnumMap<>(Reason.class);
    for (Reason r : Reason.values()) {
      byte[] raw = stats.lookup(le(r.ordinal()));
      long packets = 0;
      long bytes = 0;
      if (raw != null) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        for (int cpu = 0; cpu < stats.cpus(); cpu++) {
          packets += b.getLong(cpu * stats.slotSize());
          bytes += b.getLong(cpu * stats.slotSize() + 8);
        }
      }
      out.put(r, new long[] {packets, bytes});
    }
    return out;
  }

  /** Adds or replaces an entry; throws BpfException (see mapFull()) when the map is full. */
  public void put(ListKind kind, Cidr cidr, long expiresNs) {
    byte[] value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(expiresNs).array();
    if (cidr.host()) {
      lists.get(kind)[0].update(cidr.mappedAddress(), value);
    } else {
      lists.get(kind)[1].update(lpmKey(cidr), value);
    }
  }

  /** Returns false when the entry was not there. */
  public boolean remove(ListKind kind, Cidr cidr) {
    return cidr.host()
        ? lists.get(kind)[0].delete(cidr.mappedAddress())
        : lists.get(kind)[1].delete(lpmKey(cidr));
  }

  public List<ListEntry> list(ListKind kind) {
    List<ListEntry> out = new ArrayList<>();
    BpfMap exact = lists.get(kind)[0];
    for (byte[] key : exact.keys()) {
      byte[] v = exact.lookup(key);
      if (v != null) {
        out.add(new ListEntry(Cidr.fromMapped(key, 128), le64(v, 0)));
      }
    }
    BpfMap lpm = lists.get(kind)[1];
    for (byte[] key : lpm.keys()) {
      byte[] v = lpm.lookup(key);
      if (v != null) {
        byte[] addr = new byte[16];
        System.arraycopy(key, 4, addr, 0, 16);
        out.add(
            new ListEntry(
                Cidr.fromMapped(
                    addr, ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN).getInt(0)),
                le64(v, 0)));
      }
    }
    return out;
  }

  /** Deletes entries whose expiry passed; returns how many. */
  public int sweepExpired(ListKind kind, long nowNs) {
    int removed = 0;
    for (ListEntry e : list(kind)) {
      if (e.expiresNs() != 0 && e.expiresNs() <= nowNs && remove(kind, e.cidr())) {
        removed++;
      }
    }
    return removed;
  }

  public List<AutoBlock> autoBlocked(long nowNs) {
    List<AutoBlock> out = new ArrayList<>();
    for (byte[] key : rate.keys()) {
      byte[] v = rate.lookup(key);
      if (v != null && le64(v, 16) > nowNs) {
        out.add(new AutoBlock(Cidr.fromMapped(key, 128), le64(v, 16)));
      }
    }
    return out;
  }

  /** Forgets a source's rate state (lifts an auto-block). */
  public boolean clearRate(Cidr host) {
    return rate.delete(host.mappedAddress());
  }

  private static byte[] lpmKey(Cidr cidr) {
    return ByteBuffer.allocate(20)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(cidr.mappedPrefix())
        .put(cidr.mappedAddress())
        .array();
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static long le64(byte[] raw, int offset) {
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
  }
}
