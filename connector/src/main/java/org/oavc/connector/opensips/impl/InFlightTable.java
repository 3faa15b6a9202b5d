package org.oavc.connector.opensips.impl;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * MI requests sent and not answered yet, in send order, keyed by id. A timed-out request stays as a
 * tombstone for one more timeout: its late reply, id-less or not, is then recognised as an orphan
 * instead of being taken for the answer to a younger request. Because mi_datagram answers strictly
 * in order, a reply to a younger request proves the older replies already passed, so it clears
 * older tombstones at once. Not thread-safe: one Vert.x context owns it.
 */
final class InFlightTable<C> {

  /** One datagram sent. */
  static final class Entry<C> {
    final C call;
    final String id;
    final long seq;
    long timerId;
    boolean timedOut;
    long timedOutAtNanos;

    Entry(C call, String id, long seq) {
      this.call = call;
      this.id = id;
      this.seq = seq;
    }
  }

  private final LinkedHashMap<String, Entry<C>> byId = new LinkedHashMap<>();
  private final long graceNanos;

  InFlightTable(long graceNanos) {
    this.graceNanos = graceNanos;
  }

  Entry<C> add(C call, String id, long seq) {
    Entry<C> e = new Entry<>(call, id, seq);
    byId.put(id, e);
    return e;
  }

  /** True if {@code e} is still waiting (not answered, not timed out, not removed). */
  boolean isWaiting(Entry<C> e) {
    return !e.timedOut && byId.get(e.id) == e;
  }

  void remove(Entry<C> e) {
    byId.remove(e.id, e);
  }

  void markTimedOut(Entry<C> e) {
    e.timedOut = true;
    e.timedOutAtNanos = System.nanoTime();
  }

  /** The entry a reply with this id answers (maybe a tombstone), or null. */
  Entry<C> takeById(String id) {
    Entry<C> e = byId.remove(id);
    if (e != null) {
      Iterator<Entry<C>> it = byId.values().iterator();
      while (it.hasNext()) {
        Entry<C> older = it.next();
        if (older.seq >= e.seq) {
          break;
        }
        if (older.timedOut) {
          it.remove();
        }
      }
    }
    return e;
  }

  /** The entry an id-less reply answers: the oldest one (maybe a tombstone), or null. */
  Entry<C> takeOldest() {
    Iterator<Entry<C>> it = byId.values().iterator();
    if (!it.hasNext()) {
      return null;
    }
    Entry<C> e = it.next();
    it.remove();
    return e;
  }

  void purgeOldTombstones() {
    long now = System.nanoTime();
    byId.values().removeIf(e -> e.timedOut && now - e.timedOutAtNanos > graceNanos);
  }

  /** Removes everything and returns what was waiting (tombstones left out). */
  List<Entry<C>> drain() {
    List<Entry<C>> waiting = new ArrayList<>();
    for (Entry<C> e : byId.values()) {
      if (!e.timedOut) {
        waiting.add(e);
      }
    }
    byId.clear();
    return waiting;
  }
}
