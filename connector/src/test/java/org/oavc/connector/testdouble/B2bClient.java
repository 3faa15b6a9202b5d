package org.oavc.connector.testdouble;

import java.util.concurrent.TimeUnit;
import org.oavc.connector.testdouble.SipWriter.RequestSpec;
import org.oavc.connector.testdouble.UaEventEncoder.UaEvent;
import org.oavc.connector.testdouble.UaSession.ClientTxn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the double sends inside a session (ua_session_update, ua_session_terminate, the session
 * timer's BYE, the INVITE of ua_session_client_start) and the replies to them:
 * EARLY/ANSWERED/REJECTED events, auto-ACK unless flag d, retransmissions, the local 408, and for
 * outbound INVITEs fr_inv_timeout's CANCEL (facts 5, 16, 21; 17). Core thread only.
 */
final class B2bClient {
  private static final Logger LOG = LoggerFactory.getLogger(B2bClient.class);
  private static final long T1_MS = 500;

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
                contactOf(s),
                body,
                ct,
                extra,
                staleContentType));
    s.lastMethod = UaSession.methodId(method);
    if (method.equals("INVITE")) {
      s.state = UaSession.STATE_MODIFIED;
      s.lastInviteCseq = cseq;
    }
    startTxn(s, method, cseq, report, branch, bytes, s.remoteTarget());
  }

  /** The INVITE of ua_session_client_start, already built (17): no dialog yet, CSeq 2. */
  void sendInitialInvite(UaSession s, String branch, byte[] bytes) {
    s.lastMethod = UaSession.methodId("INVITE");
    s.uacInvite = startTxn(s, "INVITE", s.localCseq, true, branch, bytes, s.invite.requestUri);
  }

  /**
   * ua_session_terminate while an outbound INVITE rings: CANCEL (with our Contact), no event; the
   * 487 that follows is ACKed by tm (17 #43).
   */
  void cancelInvite(UaSession s) {
    ClientTxn invite = s.uacInvite;
    if (invite == null || invite.done) {
      return;
    }
    sendCancel(s, invite, contactOf(s), null);
  }

  private void sendCancel(UaSession s, ClientTxn invite, String contact, String reason) {
    byte[] cancel =
        SipWriter.cancel(
            invite.requestUri,
            ctx.sipHostPort(),
            invite.branch,
            invite.fromHeader,
            s.invite.callId(),
            s.invite.header("to"),
            invite.cseq,
            contact,
            reason);
    startTxn(s, "CANCEL", invite.cseq, false, invite.branch, cancel, invite.requestUri);
  }

  private ClientTxn startTxn(
      UaSession s,
      String method,
      long cseq,
      boolean report,
      String branch,
      byte[] bytes,
      String requestUri) {
    ClientTxn txn = new ClientTxn(s.key, method, cseq, s.localParty(), report, branch, bytes);
    txn.requestUri = requestUri;
    txn.peer = s.peer;
    table.clientTxns.put(SessionTable.clientTxnKey(s.invite.callId(), cseq, method), txn);
    ctx.sendSip(bytes, s.peer);
    retransmit(txn, T1_MS, 0);
    long fr = ctx.options.getFrTimeout().toMillis() + T1_MS;
    txn.timeout = ctx.core.schedule(() -> timeout(txn), fr, TimeUnit.MILLISECONDS);
    return txn;
  }

  String contactOf(UaSession s) {
    return s.uacContact != null ? s.uacContact : ctx.contactUri();
  }

  /**
   * ua_session_update {method:"ACK"}: with flag d sends the held-back ACK (09), for an outbound
   * call with the given body. Without d an outbound call was ACKed already, and a body puts a
   * second ACK on the wire (17, late offer, #59).
   */
  void sendManualAck(UaSession s, String body) {
    if (s.manualAck != null) {
      ctx.sendSip(s.uac && body != null ? ack(s, body) : s.manualAck, s.peer);
      s.manualAck = null;
      noteAck(s);
    } else if (s.uac && body != null && s.established()) {
      ctx.sendSip(ack(s, body), s.peer);
    }
  }

  private byte[] ack(UaSession s, String body) {
    return SipWriter.request(
        new RequestSpec(
            "ACK",
            s.remoteTarget(),
            ctx.sipHostPort(),
            SipWriter.newBranch(),
            s.remoteParty(),
            s.localParty(),
            s.uacInvite.cseq,
            s.invite.callId(),
            contactOf(s),
            body,
            null,
            null,
            false));
  }

  private static void noteAck(UaSession s) {
    if (s.uac) {
      s.lastMethod = UaSession.methodId("ACK");
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
    String to = reply.header("to");
    if (to == null || to.startsWith("<<")) {
      // 17: to/from given as "<uri>" are wrapped again; OpenSIPS cannot parse the replies
      ctx.malformedSip.increment();
      LOG.info("double: bad to header in {}", reply.startLine);
      return;
    }
    UaSession s = table.byKey.get(txn.sessionKey);
    if (txn.done) {
      if (txn.method.equals("INVITE") && reply.status >= 300) {
        ctx.sendSip(hopByHopAck(txn, reply), txn.peer); // e.g. the 487 after tm's own CANCEL
      } else if (txn.ack != null && reply.status < 300 && s != null && s.manualAck == null) {
        ctx.sendSip(txn.ack, s.peer); // retransmitted 2xx: ACK again, no new event
      }
      return;
    }
    SessionTable.cancel(txn.retransmit);
    boolean outbound = s != null && s.uacInvite == txn;
    if (outbound) {
      noteOutboundReply(s, reply);
    }
    if (reply.status < 200) {
      if (reply.status > 100 && txn.method.equals("INVITE")) {
        txn.provisional = true;
        SessionTable.cancel(txn.timeout);
        long frInv = ctx.options.getFrInvTimeout().toMillis();
        txn.timeout = ctx.core.schedule(() -> timeout(txn), frInv, TimeUnit.MILLISECONDS);
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
    if (txn.method.equals("INVITE") && reply.status >= 300) {
      ctx.sendSip(hopByHopAck(txn, reply), txn.peer);
    } else if (txn.method.equals("INVITE") && s != null) {
      txn.ack =
          SipWriter.request(
              new RequestSpec(
                  "ACK",
                  s.remoteTarget(),
                  ctx.sipHostPort(),
                  SipWriter.newBranch(),
                  to,
                  s.localParty(),
                  txn.cseq,
                  s.invite.callId(),
                  contactOf(s),
                  null,
                  null,
                  null,
                  false));
      if (s.flag('d')) {
        s.manualAck = txn.ack;
      } else {
        ctx.sendSip(txn.ack, s.peer);
        noteAck(s);
      }
      s.state = UaSession.STATE_ESTABLISHED;
    }
    event(txn, s, reply.status < 300 ? "ANSWERED" : "REJECTED", reply);
  }

  /**
   * The called party's tag and Contact: kept from a provisional or 2xx reply (an early or confirmed
   * dialog), not from a final rejection without one (17 #39 vs #70).
   */
  private static void noteOutboundReply(UaSession s, SipMessage reply) {
    s.anyReply = true;
    if (reply.status > 100 && reply.status < 300 && reply.toTag() != null) {
      s.remoteTag = reply.toTag();
      String contact = reply.header("contact");
      if (contact != null) {
        s.remoteContact = SipMessage.uri(contact);
      }
      if (reply.status < 200) {
        s.state = UaSession.STATE_EARLY;
      }
    }
  }

  private byte[] hopByHopAck(ClientTxn txn, SipMessage reply) {
    return SipWriter.hopByHopAck(
        txn.requestUri,
        ctx.sipHostPort(),
        txn.branch,
        txn.fromHeader,
        reply.callId(),
        reply.header("to"),
        txn.cseq);
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
              s.headers(reply),
              s.uac ? "UAC" : "UAS"));
    }
  }

  private void retransmit(ClientTxn txn, long delayMs, long elapsedMs) {
    txn.retransmit =
        ctx.core.schedule(
            () -> {
              if (!txn.done) {
                ctx.sendSip(txn.request, txn.peer);
                retransmit(txn, delayMs * 2, elapsedMs + delayMs);
              }
            },
            delayMs,
            TimeUnit.MILLISECONDS);
  }

  /**
   * No final reply in time: a local REJECTED 408 "Timeout"; the dialog survives (09). An outbound
   * INVITE that rang is also cancelled, with tm's Reason (17 call 9).
   */
  private void timeout(ClientTxn txn) {
    if (txn.done) {
      return;
    }
    txn.done = true;
    SessionTable.cancel(txn.retransmit);
    UaSession s = table.byKey.get(txn.sessionKey);
    if (s != null && s.uacInvite == txn && txn.provisional) {
      sendCancel(s, txn, null, "SIP;cause=480;text=\"NO_ANSWER\"");
    }
    if (txn.reportReplies && s != null) {
      String headers = s.flag('h') ? "From: " + txn.fromHeader + "\r\n" : null;
      String entity = s.uac ? "UAC" : "UAS";
      ctx.raise(new UaEvent(s.key, "REJECTED", 408, "Timeout", txn.method, null, headers, entity));
    }
  }
}
