package org.oavc.connector.testdouble;

import java.util.List;
import java.util.Map;

/** The b2b_entities MI commands ua_session_* (and b2be_list). Run on the core thread. */
final class UaSessionCommands {
  private static final String OK = "\"OK\"";
  private static final List<String> REPLY = List.of("key", "method", "code", "reason");
  private static final List<String> UPDATE = List.of("key", "method");

  private final DoubleContext ctx;
  private final SessionTable table;
  private final B2bUas uas;
  private final B2bClient client;
  private final B2bUac uac;

  UaSessionCommands(DoubleContext ctx, SessionTable table, B2bUas uas, B2bClient client) {
    this.ctx = ctx;
    this.table = table;
    this.uas = uas;
    this.client = client;
    this.uac = new B2bUac(ctx, table, client, uas);
  }

  void register(Map<String, DoubleMiCommand> commands) {
    commands.put("ua_session_client_start", this::clientStart);
    commands.put("ua_session_reply", this::reply);
    commands.put("ua_session_update", this::update);
    commands.put("ua_session_terminate", this::terminate);
    commands.put("ua_session_list", this::list);
    commands.put("b2be_list", p -> listAll());
  }

  /** A base recipe plus the optional body / extra_headers / content_type variants. */
  private static List<List<String>> withOptionals(List<String> base) {
    return List.of(
        base,
        plus(base, "body"),
        plus(base, "extra_headers"),
        plus(base, "body", "extra_headers"),
        plus(base, "body", "content_type"),
        plus(base, "body", "extra_headers", "content_type"));
  }

  private static List<String> plus(List<String> base, String... more) {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  /** ruri, to and from, then any of the optional params (17). */
  private static final List<List<String>> CLIENT_START = clientStartRecipes();

  private static List<List<String>> clientStartRecipes() {
    List<String> optional =
        List.of("proxy", "body", "content_type", "extra_headers", "flags", "socket");
    java.util.ArrayList<List<String>> recipes = new java.util.ArrayList<>();
    for (int mask = 0; mask < 1 << optional.size(); mask++) {
      java.util.ArrayList<String> r = new java.util.ArrayList<>(List.of("ruri", "to", "from"));
      for (int i = 0; i < optional.size(); i++) {
        if ((mask & 1 << i) != 0) {
          r.add(optional.get(i));
        }
      }
      recipes.add(r);
    }
    return List.copyOf(recipes);
  }

  /** The reply is the new key as a plain JSON string, also the INVITE's Call-ID (17 #4). */
  private String clientStart(Object params) throws MiError {
    MiParams p = MiParams.match(params, CLIENT_START);
    String key =
        uac.start(
            p.nonEmpty("ruri"),
            p.nonEmpty("to"),
            p.nonEmpty("from"),
            p.optional("proxy"),
            p.optional("body"),
            p.optional("content_type"),
            p.optional("extra_headers"),
            p.optional("flags"));
    return JsonOut.quote(key);
  }

  private String reply(Object params) throws MiError {
    MiParams p = MiParams.match(params, withOptionals(REPLY));
    String key = p.string("key");
    String method = p.string("method");
    long code = p.integer("code");
    String reason = p.string("reason");
    UaSession s = table.byKey.get(key);
    if (s == null || code < 100 || code > 699) {
      throw new MiError(500, "Failed to send reply");
    }
    uas.replyFromConnector(
        s,
        method,
        (int) code,
        reason,
        p.optional("body"),
        p.optional("extra_headers"),
        p.optional("content_type"));
    return OK;
  }

  private String update(Object params) throws MiError {
    MiParams p = MiParams.match(params, withOptionals(UPDATE));
    String key = p.string("key");
    String method = p.string("method");
    UaSession s = table.byKey.get(key);
    if (s == null) {
      throw new MiError(500, "Failed to send sequential request");
    }
    if (method.equals("ACK")) {
      client.sendManualAck(s, p.optional("body"));
    } else {
      client.sendRequest(
          s,
          method,
          p.optional("body"),
          p.optional("extra_headers"),
          p.optional("content_type"),
          true,
          false);
    }
    return OK;
  }

  private String terminate(Object params) throws MiError {
    MiParams p = MiParams.match(params, List.of(List.of("key"), List.of("key", "extra_headers")));
    UaSession s = table.byKey.get(p.string("key"));
    if (s == null) {
      throw new MiError(500, "Failed to terminate session");
    }
    if (s.established()) {
      client.sendRequest(s, "BYE", null, p.optional("extra_headers"), null, false, true);
    } else if (s.uac) {
      client.cancelInvite(s); // ringing: CANCEL, no event, session gone at once (17 #43-#46)
    }
    // Rejected/cancelled/early sessions are just removed, nothing on the wire (04, 05).
    uas.end(s);
    return OK;
  }

  private String list(Object params) throws MiError {
    MiParams p = MiParams.match(params, List.of(List.of(), List.of("key")));
    if (!p.has("key")) {
      return listAll();
    }
    String key = p.string("key");
    if (!SessionTable.wellFormed(key)) {
      throw new MiError(400, "Bad format for b2b key");
    }
    UaSession s = table.byKey.get(key);
    if (s == null) {
      throw new MiError(404, "Entity not found");
    }
    JsonOut out = new JsonOut();
    describe(out, s);
    return out.toString();
  }

  /** Hash table order: by the key's bucket (its first number), newest first within a bucket. */
  private String listAll() {
    JsonOut out = new JsonOut().openArray();
    List<UaSession> sessions = new java.util.ArrayList<>(table.byKey.values());
    java.util.Collections.reverse(sessions);
    sessions.sort(java.util.Comparator.comparingLong(UaSessionCommands::bucket));
    sessions.forEach(s -> describe(out, s));
    return out.closeArray().toString();
  }

  private static long bucket(UaSession s) {
    String[] parts = s.key.split("\\.");
    try {
      return parts.length > 1 ? Long.parseLong(parts[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The object shape of 10 #31 / #19: no key member, the key is to_tag. */
  private void describe(JsonOut out, UaSession s) {
    if (s.uac) {
      describeOutbound(out, s);
      return;
    }
    SipMessage inv = s.invite;
    String[] keyParts = s.key.split("\\.");
    out.open()
        .field("dlg", Long.parseLong(keyParts.length > 2 ? keyParts[2] : "0"))
        .field("logic_key", "")
        .field("mod_name", "b2b_entities")
        .field("state", s.state)
        .field("last_invite_cseq", s.lastInviteCseq)
        .field("last_method", s.lastMethod);
    if (s.lastReplyCode != null) {
      out.field("last_reply_code", s.lastReplyCode);
    }
    out.field("db_flag", 2).field("ruri", inv.requestUri);
    parties(out, inv).field("to_tag", s.key);
    out.name("cseq").open().field("caller", s.callerCseq).field("callee", s.localCseq).close();
    out.name("contact")
        .open()
        .field("caller", s.remoteTarget())
        .field("callee", ctx.contactUri())
        .close();
    out.field("send_sock", ctx.sipHost());
    if (s.holdsInviteTxn()) {
      out.field("tm_tran", "uas");
    }
    out.close();
  }

  /**
   * An outbound session (17 #8, #39, #70, #75): no ruri; to_tag, the callee's cseq and Contact only
   * once it replied in a dialog; LEGS once answered; CSeq 1 shown until any reply came.
   */
  private void describeOutbound(JsonOut out, UaSession s) {
    SipMessage inv = s.invite;
    boolean dialog = s.remoteTag != null;
    long cseq = s.anyReply ? s.localCseq : s.localCseq - 1;
    out.open()
        .field("dlg", Long.parseLong(s.key.split("\\.")[2]))
        .field("logic_key", "")
        .field("mod_name", "b2b_entities")
        .field("state", s.state)
        .field("last_invite_cseq", s.anyReply ? s.lastInviteCseq : s.lastInviteCseq - 1)
        .field("last_method", s.lastMethod)
        .field("db_flag", dialog ? 2 : 0);
    parties(out, inv).field("to_tag", dialog ? s.remoteTag : "");
    out.name("cseq").open().field("caller", cseq).field("callee", dialog ? 1 : 0).close();
    out.name("contact")
        .open()
        .field("caller", s.uacContact)
        .field("callee", dialog ? s.remoteTarget() : "")
        .close();
    out.field("send_sock", ctx.sipHost());
    if (s.established()) {
      out.name("LEGS").openArray().open();
      out.field("id", 0)
          .field("tag", s.remoteTag)
          .field("cseq", s.lastInviteCseq)
          .field("contact", s.remoteTarget())
          .close();
      out.closeArray();
    }
    out.close();
  }

  /** callid, from, from_uri, from_tag, to, to_uri: the INVITE's parties as listed. */
  private static JsonOut parties(JsonOut out, SipMessage inv) {
    return out.field("callid", inv.callId())
        .field("from", SipMessage.displayName(inv.header("from")))
        .field("from_uri", SipMessage.uri(inv.header("from")))
        .field("from_tag", inv.fromTag())
        .field("to", SipMessage.displayName(inv.header("to")))
        .field("to_uri", SipMessage.uri(inv.header("to")));
  }
}
