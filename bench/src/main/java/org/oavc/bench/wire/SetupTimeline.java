package org.oavc.bench.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per call, from one loopback capture: the caller's INVITE, OpenSIPS's NEW event, the answerer's
 * ua_session_reply 200 and OpenSIPS's 200 OK to the caller (first copy of each; retransmissions are
 * ignored). Calls are joined by Call-ID, the NEW's headers naming the UA session key.
 */
final class SetupTimeline {
  /** Capture times in ns; -1 when that datagram was not seen. */
  static final class CallTimes {
    final String callId;
    long invite = -1;
    long event = -1;
    long mi = -1;
    long ok = -1;

    CallTimes(String callId) {
      this.callId = callId;
    }

    boolean complete() {
      return invite >= 0 && event >= 0 && mi >= 0 && ok >= 0;
    }
  }

  private SetupTimeline() {}

  static List<CallTimes> of(
      List<LoopbackDatagram> capture, int sipPort, int eventPort, int miPort) {
    Map<String, CallTimes> calls = new LinkedHashMap<>();
    Map<String, CallTimes> byKey = new HashMap<>();
    List<LoopbackDatagram> replies = new ArrayList<>();
    for (LoopbackDatagram d : capture) {
      String t = d.text();
      if (d.dstPort() == sipPort && t.startsWith("INVITE ")) {
        CallTimes c = calls.computeIfAbsent(sipHeader(t, "Call-ID"), CallTimes::new);
        c.invite = c.invite < 0 ? d.nanos() : c.invite;
      } else if (d.srcPort() == sipPort
          && t.startsWith("SIP/2.0 200")
          && sipHeader(t, "CSeq").endsWith("INVITE")) {
        CallTimes c = calls.get(sipHeader(t, "Call-ID"));
        if (c != null && c.ok < 0) {
          c.ok = d.nanos();
        }
      } else if (d.dstPort() == eventPort && t.contains("\"event_type\":\"NEW\"")) {
        CallTimes c = calls.get(escapedHeader(t, "Call-ID: "));
        if (c != null && c.event < 0) {
          c.event = d.nanos();
          byKey.put(jsonString(t, "\"key\":\""), c);
        }
      } else if (d.dstPort() == miPort
          && t.contains("\"ua_session_reply\"")
          && t.contains("\"code\":200")) {
        replies.add(d); // its key is known once the NEW was seen, which comes first on the wire
      }
    }
    for (LoopbackDatagram d : replies) {
      CallTimes c = byKey.get(jsonString(d.text(), "\"key\":\""));
      if (c != null && c.mi < 0) {
        c.mi = d.nanos();
      }
    }
    return new ArrayList<>(calls.values());
  }

  /** A header's value from a SIP message (full names only: SIPp and OpenSIPS send those). */
  static String sipHeader(String message, String name) {
    int at = 0;
    while ((at = message.indexOf("\r\n", at)) >= 0) {
      at += 2;
      if (message.regionMatches(true, at, name, 0, name.length())
          && message.startsWith(":", at + name.length())) {
        int end = message.indexOf("\r\n", at);
        return message.substring(at + name.length() + 1, end < 0 ? message.length() : end).trim();
      }
    }
    return "";
  }

  /** A header's value from the JSON-escaped header block of an event ({@code \r\n} escaped). */
  static String escapedHeader(String json, String prefix) {
    int at = json.indexOf(prefix);
    if (at < 0) {
      return "";
    }
    int end = json.indexOf('\\', at);
    return json.substring(at + prefix.length(), end < 0 ? json.length() : end).trim();
  }

  /** The string value after {@code prefix} (e.g. {@code "key":"}); keys hold no escapes. */
  static String jsonString(String json, String prefix) {
    int at = json.indexOf(prefix);
    if (at < 0) {
      return "";
    }
    int start = at + prefix.length();
    return json.substring(start, json.indexOf('"', start));
  }
}
