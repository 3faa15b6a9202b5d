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
  private final CallJournal journal;
  private final List<java.util.function.BiConsumer<Call, CallStatus>> statusListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<java.util.function.Consumer<Call>> retiredListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public CallRegistry(int historySize) {
    this(historySize, null);
  }

  /** With a journal: every key added and retired is noted in it (null: none kept). */
  public CallRegistry(int historySize, CallJournal journal) {
    this.historySize = historySize;
    this.journal = journal;
  }

  Call get(String key) {
    return live.get(key);
  }

  void add(Call call) {
    live.put(call.key(), call);
    if (journal != null) {
      journal.opened(call.key());
    }
  }

  /** Moves an ended call from the live table into the history, and tells the listeners. */
  void retire(Call call) {
    if (live.remove(call.key(), call) && journal != null) {
      journal.closed(call.key());
    }
    CallView view = call.view();
    synchronized (history) {
      history.addFirst(view);
      while (history.size() > historySize) {
        history.removeLast();
      }
    }
    for (java.util.function.Consumer<Call> l : retiredListeners) {
      try {
        l.accept(call);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger("oavc.call")
            .error("key={} end listener failed", call.key(), e);
      }
    }
    if (view.endCause() != EndCause.MOVED) {
      status(call, CallStatus.ENDED);
    }
  }

  /**
   * Calls {@code listener} with every call that ends, once it is in the history (on the
   * call-control event loop: it must not block).
   */
  public void onRetired(java.util.function.Consumer<Call> listener) {
    retiredListeners.add(listener);
  }

  /**
   * Adds a listener of each call's {@link CallStatus} moments, called on the call controller's
   * context (it must not block); ENDED comes after the call is retired, MOVED ends excluded.
   */
  public void onStatus(java.util.function.BiConsumer<Call, CallStatus> listener) {
    statusListeners.add(listener);
  }

  /** Tells the status listeners, once per call and status. */
  void status(Call call, CallStatus status) {
    if (!call.firstTime(status)) {
      return;
    }
    for (java.util.function.BiConsumer<Call, CallStatus> l : statusListeners) {
      try {
        l.accept(call, status);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger("oavc.call")
            .warn("key={} status listener failed on {}: {}", call.key(), status, e.toString());
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
