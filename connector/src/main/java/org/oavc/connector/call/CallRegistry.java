package org.oavc.connector.call;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live calls by UA-session key, plus a bounded history of ended ones so that no call record is lost
 * the moment it ends (the API and CLI can still show how it ended). Written only from the
 * controller's event loop; read from anywhere.
 */
public final class CallRegistry {
  private final Map<String, Call> live = new ConcurrentHashMap<>();
  private final Deque<CallView> history = new ArrayDeque<>();
  private final int historySize;

  public CallRegistry(int historySize) {
    this.historySize = historySize;
  }

  Call get(String key) {
    return live.get(key);
  }

  void add(Call call) {
    live.put(call.key(), call);
  }

  /** Moves an ended call from the live table into the history. */
  void retire(Call call) {
    live.remove(call.key(), call);
    synchronized (history) {
      history.addFirst(call.view());
      while (history.size() > historySize) {
        history.removeLast();
      }
    }
  }

  Collection<Call> liveCalls() {
    return live.values();
  }

  public int activeCount() {
    return live.size();
  }

  public List<CallView> live() {
    List<CallView> out = new ArrayList<>();
    live.values().forEach(c -> out.add(c.view()));
    return out;
  }

  public List<CallView> recent() {
    synchronized (history) {
      return new ArrayList<>(history);
    }
  }

  /** A live call, or the latest ended call with that key. */
  public Optional<CallView> find(String key) {
    Call c = live.get(key);
    if (c != null) {
      return Optional.of(c.view());
    }
    synchronized (history) {
      return history.stream().filter(v -> v.key().equals(key)).findFirst();
    }
  }
}
