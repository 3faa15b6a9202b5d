package org.oavc.xdp.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.oavc.common.net.Cidr;
import org.oavc.xdp.XdpAgent.ListEntryView;
import org.oavc.xdp.XdpAgent.ListName;
import org.oavc.xdp.bpf.BpfException;
import org.oavc.xdp.bpf.FilterConfig;
import org.oavc.xdp.bpf.FilterMaps;
import org.oavc.xdp.bpf.FilterMaps.ListKind;
import org.oavc.xdp.bpf.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and config: kept in memory, written through to the maps and the state file. Every method
 * blocks (syscalls, file I/O) and must run on the agent's single map worker.
 */
final class FilterState {
  private static final Logger LOG = LoggerFactory.getLogger(FilterState.class);

  private final FilterMaps maps;
  private final StateFile file;
  private StateFile.State state;

  FilterState(FilterMaps maps, StateFile file) {
    this.maps = maps;
    this.file = file;
  }

  /** Restores the saved state into the maps; adopts entries already in the maps (scripts). */
  void restore(boolean adoptMapEntries) throws IOException {
    StateFile.State saved = file.read();
    state =
        saved != null
            ? saved
            : new StateFile.State(adoptMapEntries ? maps.readConfig() : FilterConfig.defaults());
    maps.writeConfig(state.config);
    long now = System.currentTimeMillis();
    int restored = 0;
    for (ListName l : ListName.values()) {
      Map<Cidr, Long> entries = state.lists.get(l);
      entries.values().removeIf(exp -> exp != 0 && exp <= now);
      for (Map.Entry<Cidr, Long> e : entries.entrySet()) {
        try {
          maps.put(kind(l), e.getKey(), monotonic(e.getValue()));
          restored++;
        } catch (BpfException ex) {
          LOG.error("cannot restore {} {}: {}", l, e.getKey(), ex.getMessage());
        }
      }
      if (adoptMapEntries) {
        long mono = Native.monotonicNanos();
        for (FilterMaps.ListEntry e : maps.list(kind(l))) {
          entries.putIfAbsent(
              e.cidr(),
              e.expiresNs() == 0 ? 0 : now + Math.max(0, (e.expiresNs() - mono) / 1_000_000));
        }
      }
    }
    LOG.info(
        "restored config and {} list entries from {}",
        restored,
        saved != null ? "the state file" : "nothing (fresh state)");
    file.write(state);
  }

  void add(ListName list, List<Cidr> cidrs, long ttlSeconds) throws IOException {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("ttl must be >= 0 seconds (0 = permanent)");
    }
    long expires = ttlSeconds == 0 ? 0 : System.currentTimeMillis() + ttlSeconds * 1000;
    java.util.Set<Cidr> done = new java.util.HashSet<>(); // contains() per entry: keep it O(1)
    Map<Cidr, Long> entries = state.lists.get(list);
    try {
      for (Cidr c : cidrs) {
        if (!entries.containsKey(c)) {
          maps.put(kind(list), c, monotonic(expires));
          done.add(c);
        }
      }
    } catch (BpfException e) {
      done.forEach(c -> maps.remove(kind(list), c)); // all or nothing
      if (e.mapFull()) {
        throw new IllegalArgumentException(
            list.name().toLowerCase() + " map full: " + cidrs.size() + " entries not added", e);
      }
      throw e;
    }
    // entries already present get their new expiry too
    for (Cidr c : cidrs) {
      if (!done.contains(c)) {
        maps.put(kind(list), c, monotonic(expires));
      }
      entries.put(c, expires);
    }
    file.write(state);
  }

  boolean remove(ListName list, Cidr cidr) throws IOException {
    boolean known = state.lists.get(list).remove(cidr) != null;
    boolean inMap = maps.remove(kind(list), cidr);
    if (list == ListName.BLOCKLIST && cidr.host()) {
      inMap |= maps.clearRate(cidr); // unblocking also lifts an automatic block
    }
    if (known) {
      file.write(state);
    }
    return known || inMap;
  }

  List<ListEntryView> entries(ListName list) {
    long now = System.currentTimeMillis();
    List<ListEntryView> out = new ArrayList<>();
    state
        .lists
        .get(list)
        .forEach(
            (cidr, exp) -> {
              if (exp == 0 || exp > now) {
                out.add(
                    new ListEntryView(
                        cidr.toString(), exp == 0 ? null : (exp - now + 999) / 1000, exp));
              }
            });
    return out;
  }

  FilterConfig config() {
    return state.config;
  }

  void config(FilterConfig c) throws IOException {
    maps.writeConfig(c);
    state.config = c;
    file.write(state);
  }

  /** Drops expired entries from memory, maps and file. */
  int sweep() throws IOException {
    long now = System.currentTimeMillis();
    int removed = 0;
    for (ListName l : ListName.values()) {
      var it = state.lists.get(l).entrySet().iterator();
      while (it.hasNext()) {
        var e = it.next();
        if (e.getValue() != 0 && e.getValue() <= now) {
          maps.remove(kind(l), e.getKey());
          it.remove();
          removed++;
        }
      }
      removed += maps.sweepExpired(kind(l), Native.monotonicNanos());
    }
    if (removed > 0) {
      file.write(state);
    }
    return removed;
  }

  int size(ListName list) {
    return state == null ? 0 : state.lists.get(list).size();
  }

  static ListKind kind(ListName l) {
    return l == ListName.BLOCKLIST ? ListKind.BLOCK : ListKind.ALLOW;
  }

  /** Wall-clock expiry to the program's CLOCK_MONOTONIC; 0 stays 0. */
  private static long monotonic(long epochMs) {
    if (epochMs == 0) {
      return 0;
    }
    long remainingMs = Math.max(1, epochMs - System.currentTimeMillis());
    return Native.monotonicNanos() + remainingMs * 1_000_000;
  }
}
