package org.oavc.connector.testdouble;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * event_datagram subscriptions. New subscribers are listed first; re-subscribing a socket updates
 * it in place; expire 0 leaves an "expired" entry for a moment (facts 22, 23). Only touched from
 * the core thread.
 */
final class Subscribers {
  /** How long an expired entry stays listed as "expired" before a list call purges it. */
  private static final long EXPIRED_GRACE_MS = 1000;

  static final class Subscriber {
    final String socket;
    final InetSocketAddress address;
    long expireSeconds;
    long expiresAtMs;

    Subscriber(String socket, InetSocketAddress address) {
      this.socket = socket;
      this.address = address;
    }
  }

  private final List<Subscriber> entries = new ArrayList<>();

  void subscribe(String socket, InetSocketAddress address, long expireSeconds, long nowMs) {
    Subscriber s = entries.stream().filter(e -> e.socket.equals(socket)).findFirst().orElse(null);
    if (s == null) {
      if (expireSeconds == 0) {
        return; // unsubscribing an unknown socket still answers "OK"
      }
      s = new Subscriber(socket, address);
      entries.add(0, s);
    }
    s.expireSeconds = expireSeconds;
    s.expiresAtMs = nowMs + expireSeconds * 1000;
  }

  /** Live subscribers for an event raise; expired ones are dropped here, silently. */
  List<Subscriber> live(long nowMs) {
    entries.removeIf(s -> s.expiresAtMs <= nowMs);
    return List.copyOf(entries);
  }

  /**
   * Entries for subscribers_list. Reproduces OpenSIPS 3.4's purge defect (fact 23): purging an
   * expired entry also removes the entry listed right before it.
   */
  List<Subscriber> listAndPurge(long nowMs) {
    List<Subscriber> doomed = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Subscriber s = entries.get(i);
      if (s.expiresAtMs + EXPIRED_GRACE_MS <= nowMs) {
        doomed.add(s);
        if (i > 0) {
          doomed.add(entries.get(i - 1));
        }
      }
    }
    for (Iterator<Subscriber> it = entries.iterator(); it.hasNext(); ) {
      if (doomed.contains(it.next())) {
        it.remove();
      }
    }
    return List.copyOf(entries);
  }

  void clear() {
    entries.clear();
  }
}
