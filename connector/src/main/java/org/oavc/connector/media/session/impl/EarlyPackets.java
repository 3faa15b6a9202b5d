package org.oavc.connector.media.session.impl;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * RTP that arrived before the session knew its negotiation (payload types, codec): held, up to one
 * second of 20 ms packets, and replayed in arrival order once the negotiation is applied, instead
 * of being counted invalid. Only the first moments of a call can land here (a socket bound while
 * the answer was still being decided); confined to the session's event loop.
 */
final class EarlyPackets {
  static final int CAPACITY = 50;

  /** Where a replayed packet goes: the normal receive path, with its original arrival time. */
  interface Handler {
    void handle(byte[] packet, InetSocketAddress source, long arrivalNanos);
  }

  private record Held(byte[] packet, InetSocketAddress source, long arrivalNanos) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private long overflowed;

  /** Mirror of the queue's size for readers on other threads (metrics, tests). */
  private volatile int count;

  /**
   * @return true when kept for later; false when full (the caller judges the packet now)
   */
  boolean hold(byte[] packet, InetSocketAddress source, long arrivalNanos) {
    if (held.size() >= CAPACITY) {
      overflowed++;
      return false;
    }
    held.add(new Held(packet, source, arrivalNanos));
    count = held.size();
    return true;
  }

  /** Hands every held packet to {@code handler}, oldest first, and forgets them. */
  void replay(Handler handler) {
    Held h;
    while ((h = held.poll()) != null) {
      count = held.size();
      handler.handle(h.packet(), h.source(), h.arrivalNanos());
    }
  }

  /** Packets held now; readable from any thread. */
  int size() {
    return count;
  }

  /** Packets that found the hold full and were judged (and dropped) at once. */
  long overflowed() {
    return overflowed;
  }
}
