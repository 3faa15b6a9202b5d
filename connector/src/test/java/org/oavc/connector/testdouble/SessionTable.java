package org.oavc.connector.testdouble;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/** Sessions by key and the SIP transactions the double keeps. Only touched from the core thread. */
final class SessionTable {
  final Map<String, UaSession> byKey = new LinkedHashMap<>();

  /** Received requests by Call-ID|top branch|method (ACK folded onto INVITE). */
  final Map<String, UaSession.ServerTxn> serverTxns = new HashMap<>();

  /** Requests we sent, by Call-ID|CSeq number|method. */
  final Map<String, UaSession.ClientTxn> clientTxns = new HashMap<>();

  private final Supplier<String> keys;

  SessionTable(Supplier<String> keys) {
    this.keys = keys != null ? keys : SessionTable::randomKey;
  }

  /** B2B.&lt;hash&gt;.&lt;id&gt;.&lt;epoch&gt;.&lt;rand&gt; as b2b_entities prints it (02). */
  static String randomKey() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "B2B."
        + r.nextInt(512)
        + "."
        + r.nextInt(1024)
        + "."
        + System.currentTimeMillis() / 1000
        + "."
        + r.nextInt(Integer.MAX_VALUE);
  }

  String newKey() {
    String key = keys.get();
    while (byKey.containsKey(key)) {
      key = keys.get();
    }
    return key;
  }

  /** A key b2b_entities can parse: B2B.&lt;int&gt;.&lt;int&gt;.&lt;int&gt;.&lt;int&gt;. */
  static boolean wellFormed(String key) {
    return key.matches("B2B\\.\\d{1,10}\\.\\d{1,10}\\.\\d{1,10}\\.\\d{1,10}");
  }

  static String serverTxnKey(SipMessage m) {
    String method = m.method.equals("ACK") ? "INVITE" : m.method;
    return m.callId() + "|" + m.topBranch() + "|" + method;
  }

  static String clientTxnKey(String callId, long cseq, String method) {
    return callId + "|" + cseq + "|" + method;
  }

  void clear() {
    byKey.values().forEach(UaSession::cancelTimers);
    serverTxns.values().forEach(t -> cancel(t.retransmit));
    clientTxns
        .values()
        .forEach(
            t -> {
              cancel(t.retransmit);
              cancel(t.timeout);
            });
    byKey.clear();
    serverTxns.clear();
    clientTxns.clear();
  }

  static void cancel(java.util.concurrent.ScheduledFuture<?> f) {
    if (f != null) {
      f.cancel(false);
    }
  }
}
