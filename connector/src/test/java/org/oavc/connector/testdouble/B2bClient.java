package org.oavc.connector.testdouble;

import java.util.concurrent.TimeUnit;
import org.oavc.connector.testdouble.SipWriter.RequestSpec;
import org.oavc.connector.testdouble.UaEventEncoder.UaEvent;
import org.oavc.connector.testdouble.UaSession.ClientTxn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the double sends inside a session (ua_session_update, ua_session_terminate, the session
 * timer's BYE) and the replies to them: EARLY/ANSWERED/REJECTED events, auto-ACK unless flag d,
 * retransmissions and the local 408 (facts 5, 16, 21). Core thread only.
 */
final class B2bClient {
  private static final Logger LOG = LoggerFactory.getLogger(B2bClient.class);
  private static final long T1_MS = 500;
  private static final long FR_INV_MS = 3000;

  private final DoubleContext ctx;
  private final SessionTable table;

  B2bClient(DoubleContext ctx, SessionTable table) {
    this.ctx = ctx;
    this.table = table;
  }

  /**
   * Sends an in-dialog request with the next local CSeq.
   *
   * @param report whether replies raise events (not for BYEs of terminate or the session timer)
   * @param staleContentType the BYE of ua_session_terminate with extra_headers (03)
   */
  void sendRequest(
      UaSession s,
      String method,
      String body,
      String extra,
      String ct,
      boolean report,
      boolean staleContentType) {
    long cseq = ++s.localCseq;
    String branch = SipWriter.newBranch();
    byte[] bytes =
        SipWriter.request(
            new RequestSpec(
                method,
                s.remoteTarget(),
                ctx.sipHostPort(),
                branch,
                s.remoteParty(),
                s.localParty(),
                cseq,
                s.invite.callId(),
                ctx.contactUri(),
                body,
                ct,
                extra,
                staleContentType));
    ClientTxn txn = new ClientTxn(s.key, method, cseq, s.localParty(), report, branch, bytes);
    table.clientTxns.put(SessionTable.clientTxnKey(s.invite.callId(), cseq, method), txn);
    s.lastMethod = UaSession.methodId(method);
    if (method.equals("INVITE")) {
      s.state = UaSession.STATE_MODIFIED;
      s.lastInviteCseq = cseq;
    }
    ctx.sendSip(bytes, s.peer);
    retransmit(txn, s, T1_MS, 0);
    long fr = ctx.options.getFrTimeout().toMillis() + T1_MS;
    txn.timeout = ctx.core.schedule(() -> timeout(txn), fr, TimeUnit.MILLISECONDS);
  }

  /** ua_session_update {method:"ACK"} with flag d: sends the held-back ACK (09). */
  void sendManualAck(UaSession s) {
    if (s.manualAck != null) {
      ctx.sendSip(s.manualAck, s.peer);
      s.manualAck = null;
    }
  }

  void onReply(SipMessage reply) {
    ClientTxn txn =
        table.clientTxns.get(
            SessionTable.clientTxnKey(reply.callId(), reply.cseqNumber(), reply.cseqMethod()));
    if (txn == null) {
      LOG.info("double: dropped a reply matching no request: {}", reply.startLine);
      return;
    }
    UaSession s = table.byKey.get(txn.sessionKey);
    if (txn.done) {
      if (txn.ack != null && reply.status < 300 && s != null && s.manualAck == null) {
        ctx.sendSip(txn.ack, s.peer); // retransmitted 2xx: ACK again, no new event
      }
      return;
    }
    SessionTable.cancel(txn.retransmit);
    if (reply.status < 200) {
      if (reply.status > 100 && txn.method.equals("INVITE")) {
        SessionTable.cancel(txn.timeout);
        txn.timeout = ctx.core.schedule(() -> timeout(txn), FR_INV_MS, TimeUnit.MILLISECONDS);
      }
      if (reply.status > 100) {
        event(txn, s, "EARLY", reply);
      }
      return;
    }
    txn.done = true;
    SessionTable.cancel(txn.timeout);
    String key = SessionTable.clientTxnKey(reply.callId(), reply.cseqNumber(), reply.cseqMethod());
    ctx.core.schedule(() -> table.clientTxns.remove(key, txn), 64 * T1_MS, TimeUnit.MILLISECONDS);
    if (txn.method.equals("INVITE") && s != null) {
      boolean ok = reply.status < 300;
      txn.ack =
          ok
              ? SipWriter.request(
                  new RequestSpec(
                      "ACK",
                      s.remoteTarget(),
                      ctx.sipHostPort(),
                      SipWriter.newBranch(),
                      reply.header("to"),
                      s.localParty(),
                      txn.cseq,
                      s.invite.callId(),
                      ctx.contactUri(),
                      null,
                      null,
                      null,
                      false))
              : SipWriter.hopByHopAck(
                  s.remoteTarget(),
                  ctx.sipHostPort(),
                  txn.branch,
                  s.localParty(),
                  s.invite.callId(),
                  reply.header("to"),
                  txn.cseq);
      if (ok && s.flag('d')) {
        s.manualAck = txn.ack;
      } else {
        ctx.sendSip(txn.ack, s.peer);
      }
      if (ok) {
        s.state = UaSession.STATE_ESTABLISHED;
      }
    }
    event(txn, s, reply.status < 300 ? "ANSWERED" : "REJECTED", reply);
  }

  private void event(ClientTxn txn, UaSession s, String type, SipMessage reply) {
    if (txn.reportReplies && s != null) {
      ctx.raise(
          new UaEvent(
              s.key,
              type,
              reply.status,
              reply.reason,
              reply.cseqMethod(),
              s.body(reply),
              s.headers(reply)));
    }
  }

  private void retransmit(ClientTxn txn, UaSession s, long delayMs, long elapsedMs) {
    txn.retransmit =
        ctx.core.schedule(
            () -> {
              if (!txn.done) {
                ctx.sendSip(txn.request, s.peer);
                retransmit(txn, s, delayMs * 2, elapsedMs + delayMs);
              }
            },
            delayMs,
            TimeUnit.MILLISECONDS);
  }

  /** No final reply in time: a local REJECTED 408 "Timeout"; the dialog survives (09). */
  private void timeout(ClientTxn txn) {
    if (txn.done) {
      return;
    }
    txn.done = true;
    SessionTable.cancel(txn.retransmit);
    UaSession s = table.byKey.get(txn.sessionKey);
    if (txn.reportReplies && s != null) {
      String headers = s.flag('h') ? "From: " + txn.fromHeader + "\r\n" : null;
      ctx.raise(new UaEvent(s.key, "REJECTED", 408, "Timeout", txn.method, null, headers));
    }
  }
}
