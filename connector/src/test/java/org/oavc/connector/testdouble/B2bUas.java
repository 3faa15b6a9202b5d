package org.oavc.connector.testdouble;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.testdouble.SipWriter.ReplySpec;
import org.oavc.connector.testdouble.UaEventEncoder.UaEvent;
import org.oavc.connector.testdouble.UaSession.ServerTxn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP UAS side: tm + b2b_entities + the opensips-test.cfg script for requests from callers, and
 * the replies the connector asks for with ua_session_reply. Runs on the core thread only.
 */
final class B2bUas {
  private static final Logger LOG = LoggerFactory.getLogger(B2bUas.class);
  private static final long T1_MS = 500;
  private static final long T2_MS = 4000;

  private final DoubleContext ctx;
  private final SessionTable table;
  private final B2bClient client;

  B2bUas(DoubleContext ctx, SessionTable table, B2bClient client) {
    this.ctx = ctx;
    this.table = table;
    this.client = client;
  }

  void onDatagram(byte[] data, InetSocketAddress from) {
    SipMessage m;
    try {
      m = SipMessage.parse(data);
    } catch (SipMessage.MalformedSipException e) {
      ctx.malformedSip.increment();
      LOG.info("double: dropped malformed SIP datagram from {}: {}", from, e.getMessage());
      return;
    }
    if (!m.isRequest()) {
      client.onReply(m);
      return;
    }
    ServerTxn known = table.serverTxns.get(SessionTable.serverTxnKey(m));
    if (known != null) {
      // A retransmission (or the ACK of a non-2xx final reply): tm absorbs it, no event (fact 7).
      if (m.method.equals("ACK")) {
        known.acked = true;
      } else if (known.lastReply != null) {
        ctx.sendSip(known.lastReply, from);
      }
      return;
    }
    if (m.method.equals("CANCEL")) {
      onCancel(m, from);
    } else if (m.toTag() != null) {
      onInDialog(m, from);
    } else if (m.method.equals("ACK")) {
      return; // stray ACK: t_check_trans() and exit
    } else if (!m.method.equals("INVITE")) {
      statelessReply(m, from, 405, "Method Not Allowed");
    } else {
      onInitialInvite(m, from);
    }
  }

  private void onInitialInvite(SipMessage m, InetSocketAddress from) {
    String mf = m.header("max-forwards");
    if (mf != null && mf.matches("\\d+") && Integer.parseInt(mf) == 0) {
      statelessReply(m, from, 483, "Too Many Hops");
      return;
    }
    String user = SipMessage.user(m.requestUri);
    String flags =
        switch (user) {
          case "ack" -> "rbha";
          case "noack" -> "rbhd";
          case "timer" -> "rbht10";
          case "plain" -> "";
          default -> "rbh";
        };
    UaSession s = new UaSession(table.newKey(), flags, m, from);
    s.overWebSocket = ctx.isWebSocketPeer(from);
    table.byKey.put(s.key, s);
    track(s.inviteTxn);
    reply(s.inviteTxn, new ReplySpec(100, "Giving it a try", null, null, null, null, null));
    long timeout = s.timeoutSeconds(ctx.options.getDefaultSessionTimeoutSeconds());
    s.sessionTimer = ctx.core.schedule(() -> expire(s.key), timeout, TimeUnit.SECONDS);
    raise(s, "NEW", m, s.flag('h') ? m.headerBlockAfterMaxForwards() : null);
  }

  private void onCancel(SipMessage m, InetSocketAddress from) {
    String inviteKey = m.callId() + "|" + m.topBranch() + "|INVITE";
    ServerTxn invite = table.serverTxns.get(inviteKey);
    UaSession s = invite == null ? null : sessionOf(invite);
    if (s == null) {
      statelessReply(m, from, 405, "Method Not Allowed");
      return;
    }
    ServerTxn cancel = new ServerTxn(m, from);
    track(cancel);
    reply(
        cancel, new ReplySpec(200, "canceling", SipWriter.newCancelTag(), null, null, null, null));
    if (!invite.answered) {
      // fact 17: TERMINATED, session kept in state 7, and no 487: the connector must send it.
      s.state = UaSession.STATE_ENDED;
      raise(s, "TERMINATED", m, s.headers(m));
    }
  }

  private void onInDialog(SipMessage m, InetSocketAddress from) {
    UaSession s = table.byKey.get(m.toTag());
    if (s != null && !s.invite.callId().equals(m.callId())) {
      s = null;
    }
    if (s == null) {
      // an outbound call's key is its Call-ID; the called party's To-tag is our From-tag
      UaSession outbound = table.byKey.get(m.callId());
      s = outbound != null && outbound.uac ? outbound : null;
    }
    if (s == null) {
      if (m.method.equals("BYE")) {
        // 13: a BYE for a session lost in a restart still gets 200 OK (no Contact), no event.
        statelessReply(m, from, 200, "OK");
      } else if (!m.method.equals("ACK")) {
        statelessReply(m, from, 481, "Call/Transaction Does Not Exist");
      }
      return;
    }
    if (m.method.equals("ACK")) {
      stopRetransmits(s);
      if (s.flag('a')) {
        raise(s, "UPDATED", m, s.headers(m));
      }
      return;
    }
    s.callerCseq = Math.max(s.callerCseq, m.cseqNumber());
    ServerTxn txn = new ServerTxn(m, from);
    track(txn);
    if (m.method.equals("BYE") && s.uac) {
      // 17 call 1: the called party's BYE gets 200 (no Contact) and NO event; the session stays
      reply(txn, new ReplySpec(200, "OK", null, null, null, null, null));
      return;
    }
    if (m.method.equals("BYE")) {
      reply(txn, new ReplySpec(200, "OK", null, ctx.contactUriFor(s.peer), null, null, null));
      raise(s, "TERMINATED", m, s.headers(m));
      end(s);
      return;
    }
    if (m.method.equals("INVITE")) {
      reply(txn, new ReplySpec(100, "Giving it a try", null, null, null, null, null));
      s.state = UaSession.STATE_MODIFIED;
      s.lastInviteCseq = m.cseqNumber();
    }
    s.pending.add(txn);
    raise(s, "UPDATED", m, s.headers(m));
  }

  /**
   * ua_session_reply: answers the pending request of that method; "OK" and nothing on the wire when
   * none is pending (fact 13).
   */
  void replyFromConnector(
      UaSession s, String method, int code, String reason, String body, String extra, String ct) {
    ServerTxn txn = null;
    if (method.equals("INVITE") && !s.inviteTxn.answered) {
      txn = s.inviteTxn;
    } else {
      txn =
          s.pending.stream().filter(t -> t.request.method.equals(method)).findFirst().orElse(null);
    }
    if (txn == null) {
      return;
    }
    reply(txn, new ReplySpec(code, reason, s.key, ctx.contactUriFor(s.peer), body, ct, extra));
    boolean invite = method.equals("INVITE");
    if (txn == s.inviteTxn) {
      s.lastReplyCode = code;
      if (code >= 300) {
        s.state = UaSession.STATE_ENDED;
      } else if (code >= 200) {
        s.state = UaSession.STATE_ESTABLISHED;
      } else if (s.state == UaSession.STATE_NEW) {
        s.state = UaSession.STATE_EARLY;
      }
    } else if (invite && code >= 200 && code < 300) {
      s.state = UaSession.STATE_ESTABLISHED;
    }
    if (code >= 200) {
      s.pending.remove(txn);
      if (invite && code < 300) {
        retransmit2xx(txn, T1_MS, 0);
      }
    }
  }

  /** Ends a session at once, closing pending requests with 487 (07). */
  void end(UaSession s) {
    for (ServerTxn t : List.copyOf(s.pending)) {
      reply(t, new ReplySpec(487, "Request Terminated", null, null, null, null, null));
    }
    s.pending.clear();
    s.cancelTimers();
    table.byKey.remove(s.key);
  }

  /** Session timer (or expireSession): BYE when established, no event at all (fact 20). */
  void expire(String key) {
    UaSession s = table.byKey.get(key);
    if (s == null) {
      return;
    }
    if (s.established()) {
      client.sendRequest(s, "BYE", null, null, null, false, false);
    }
    end(s);
  }

  private void retransmit2xx(ServerTxn txn, long delayMs, long elapsedMs) {
    if (elapsedMs >= 64 * T1_MS) {
      return;
    }
    txn.retransmit =
        ctx.core.schedule(
            () -> {
              ctx.sendSip(txn.lastReply, txn.peer);
              retransmit2xx(txn, Math.min(delayMs * 2, T2_MS), elapsedMs + delayMs);
            },
            delayMs,
            TimeUnit.MILLISECONDS);
  }

  private void stopRetransmits(UaSession s) {
    SessionTable.cancel(s.inviteTxn.retransmit);
    table.serverTxns.values().stream()
        .filter(
            t -> t.request.method.equals("INVITE") && s.invite.callId().equals(t.request.callId()))
        .forEach(t -> SessionTable.cancel(t.retransmit));
  }

  private UaSession sessionOf(ServerTxn invite) {
    return table.byKey.values().stream()
        .filter(s -> s.inviteTxn == invite)
        .findFirst()
        .orElse(null);
  }

  private void track(ServerTxn txn) {
    String key = SessionTable.serverTxnKey(txn.request);
    table.serverTxns.put(key, txn);
  }

  private void reply(ServerTxn txn, ReplySpec spec) {
    byte[] bytes = SipWriter.reply(txn.request, spec);
    txn.lastReply = bytes;
    if (spec.code() >= 200 && !txn.answered) {
      txn.answered = true;
      // tm forgets a transaction after Timer J/H; ACKs and retransmissions are done by then.
      String key = SessionTable.serverTxnKey(txn.request);
      ctx.core.schedule(() -> table.serverTxns.remove(key, txn), 64 * T1_MS, TimeUnit.MILLISECONDS);
    }
    ctx.sendSip(bytes, txn.peer);
  }

  private void statelessReply(SipMessage m, InetSocketAddress to, int code, String reason) {
    String tag = m.toTag() == null ? SipWriter.newCancelTag() : null;
    ctx.sendSip(SipWriter.reply(m, new ReplySpec(code, reason, tag, null, null, null, null)), to);
  }

  private void raise(UaSession s, String type, SipMessage m, String headers) {
    ctx.raise(new UaEvent(s.key, type, 0, null, m.method, s.body(m), headers));
  }
}
