package org.oavc.connector.testdouble;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/** One b2b_entities UAS session, keyed by its To-tag. Only touched from the core thread. */
final class UaSession {
  /** b2b_entities dialog states as ua_session_list prints them. */
  static final int STATE_NEW = 1;

  static final int STATE_EARLY = 3;
  static final int STATE_ESTABLISHED = 5;
  static final int STATE_MODIFIED = 6;
  static final int STATE_ENDED = 7;

  final String key;
  final String flags;
  final SipMessage invite;
  final InetSocketAddress peer;

  /** The caller came over proto_ws: in-dialog requests go to its connection's address. */
  boolean overWebSocket;

  final ServerTxn inviteTxn;
  int state = STATE_NEW;
  Integer lastReplyCode;
  long lastInviteCseq;

  /** OpenSIPS method id of the last request the double sent in this dialog (0 = none). */
  int lastMethod;

  long callerCseq;
  long localCseq = 1;

  /** In-dialog requests from the caller still waiting for the connector's reply. */
  final List<ServerTxn> pending = new ArrayList<>();

  /** With flag d: the ACK the connector must ask for with ua_session_update {method:"ACK"}. */
  byte[] manualAck;

  ScheduledFuture<?> sessionTimer;

  /** Outbound (ua_session_client_start, 17): we are the caller; the key is also the Call-ID. */
  boolean uac;

  /** Outbound: our Contact (advertised_contact); null for UAS sessions (the receiving socket). */
  String uacContact;

  /** Outbound: the INVITE transaction, the called party's tag and Contact once it replied. */
  ClientTxn uacInvite;

  String remoteTag;
  String remoteContact;
  boolean anyReply;

  UaSession(String key, String flags, SipMessage invite, InetSocketAddress peer) {
    this.key = key;
    this.flags = flags;
    this.invite = invite;
    this.peer = peer;
    this.inviteTxn = new ServerTxn(invite, peer);
    this.lastInviteCseq = invite.cseqNumber();
    this.callerCseq = invite.cseqNumber();
  }

  void cancelTimers() {
    SessionTable.cancel(sessionTimer);
    SessionTable.cancel(inviteTxn.retransmit);
    pending.forEach(t -> SessionTable.cancel(t.retransmit));
  }

  /** OpenSIPS' method bit values, as ua_session_list prints last_method (09: INVITE = 1). */
  static int methodId(String method) {
    return switch (method) {
      case "INVITE" -> 1;
      case "CANCEL" -> 2;
      case "ACK" -> 4;
      case "BYE" -> 8;
      case "INFO" -> 16;
      case "OPTIONS" -> 32;
      case "UPDATE" -> 64;
      case "MESSAGE" -> 256;
      case "SUBSCRIBE" -> 512;
      case "NOTIFY" -> 1024;
      case "PRACK" -> 2048;
      case "REFER" -> 4096;
      default -> 0;
    };
  }

  boolean flag(char f) {
    return flags.indexOf(f) >= 0;
  }

  /** Session timer from flag t&lt;secs&gt;, else the module default. */
  long timeoutSeconds(long defaultSeconds) {
    int t = flags.indexOf('t');
    if (t < 0) {
      return defaultSeconds;
    }
    int end = t + 1;
    while (end < flags.length() && Character.isDigit(flags.charAt(end))) {
      end++;
    }
    return end > t + 1 ? Long.parseLong(flags.substring(t + 1, end)) : defaultSeconds;
  }

  /** ua_session_list's "tm_tran":"uas": the INVITE transaction is still held (04, 10). */
  boolean holdsInviteTxn() {
    return !inviteTxn.answered
        || (lastReplyCode != null && lastReplyCode >= 300 && !inviteTxn.acked);
  }

  boolean established() {
    return state == STATE_ESTABLISHED || state == STATE_MODIFIED;
  }

  String body(SipMessage m) {
    return flag('b') ? m.body : null;
  }

  String headers(SipMessage m) {
    return flag('h') ? m.headerBlock() : null;
  }

  /** The caller as our To: the INVITE's From value (with the caller's tag). */
  String remoteParty() {
    if (uac) {
      return remoteTag == null ? invite.header("to") : invite.header("to") + ";tag=" + remoteTag;
    }
    return invite.header("from");
  }

  /** Us as our From: the INVITE's To value plus our tag, the key. */
  String localParty() {
    return uac ? invite.header("from") : invite.header("to") + ";tag=" + key;
  }

  String remoteTarget() {
    if (uac) {
      return remoteContact != null ? remoteContact : invite.requestUri;
    }
    String contact = invite.header("contact");
    String uri = contact != null ? SipMessage.uri(contact) : SipMessage.uri(invite.header("from"));
    return overWebSocket ? natedContact(uri, peer) : uri;
  }

  /**
   * fix_nated_contact() as the cfg applies it to WS/WSS callers (18): the Contact's host and port
   * become the connection's source, user and parameters stay (a browser's host is *.invalid).
   */
  static String natedContact(String uri, InetSocketAddress source) {
    int at = uri.indexOf('@');
    int hostStart = at >= 0 ? at + 1 : uri.indexOf(':') + 1;
    int end = hostStart;
    while (end < uri.length() && ";?>".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    String host = source.getAddress().getHostAddress();
    return uri.substring(0, hostStart)
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + source.getPort()
        + uri.substring(end);
  }

  /** A server transaction: a received request and the last reply sent for it. */
  static final class ServerTxn {
    final SipMessage request;
    final InetSocketAddress peer;
    byte[] lastReply;
    boolean answered;

    /** The ACK of a non-2xx final reply arrived: tm lets go of the transaction. */
    boolean acked;

    ScheduledFuture<?> retransmit;

    ServerTxn(SipMessage request, InetSocketAddress peer) {
      this.request = request;
      this.peer = peer;
    }
  }

  /** A request the double sent in this dialog, waiting for its final reply. */
  static final class ClientTxn {
    final String sessionKey;
    final String method;
    final long cseq;
    final String fromHeader;
    final boolean reportReplies;
    final String branch;
    final byte[] request;

    /** Where it went and its R-URI: the ACK of a non-2xx reply needs them after the session. */
    String requestUri;

    InetSocketAddress peer;

    /** A provisional reply came: fr_inv_timeout runs and an outbound INVITE may be cancelled. */
    boolean provisional;

    byte[] ack;
    boolean done;
    ScheduledFuture<?> retransmit;
    ScheduledFuture<?> timeout;

    ClientTxn(
        String sessionKey,
        String method,
        long cseq,
        String fromHeader,
        boolean report,
        String branch,
        byte[] request) {
      this.sessionKey = sessionKey;
      this.branch = branch;
      this.request = request;
      this.method = method;
      this.cseq = cseq;
      this.fromHeader = fromHeader;
      this.reportReplies = report;
    }
  }
}
