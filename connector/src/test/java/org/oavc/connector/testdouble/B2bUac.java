package org.oavc.connector.testdouble;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.testdouble.SipWriter.RequestSpec;

/**
 * ua_session_client_start (17): b2b_entities as the caller. Builds the INVITE the way OpenSIPS
 * 3.4.18 does (CSeq 2, bare to/from wrapped in angle brackets, advertised_contact as Contact, the
 * key as Call-ID) and hands it to {@link B2bClient}. Core thread only.
 */
final class B2bUac {
  private final DoubleContext ctx;
  private final SessionTable table;
  private final B2bClient client;
  private final B2bUas uas;

  B2bUac(DoubleContext ctx, SessionTable table, B2bClient client, B2bUas uas) {
    this.ctx = ctx;
    this.table = table;
    this.client = client;
    this.uas = uas;
  }

  /** Starts the call and returns its key; the INVITE is on the wire when this returns. */
  String start(
      String ruri,
      String to,
      String from,
      String proxy,
      String body,
      String ct,
      String extra,
      String flags)
      throws MiError {
    String contact = advertisedContact();
    InetSocketAddress peer = destination(proxy != null ? proxy : ruri);
    if (contact == null || peer == null) {
      // without advertised_contact OpenSIPS logs "'advertised_contact' parameter required"
      throw new MiError(500, "Failed to start session");
    }
    String key = table.newKey();
    String branch = SipWriter.newBranch();
    byte[] invite =
        SipWriter.request(
            new RequestSpec(
                "INVITE",
                ruri,
                ctx.sipHostPort(),
                branch,
                "<" + to + ">",
                "<" + from + ">;tag=" + fromTag(body),
                2,
                key,
                contact,
                body,
                ct,
                extra,
                false));
    SipMessage parsed;
    try {
      parsed = SipMessage.parse(invite);
    } catch (SipMessage.MalformedSipException e) {
      throw new MiError(500, "Failed to start session");
    }
    UaSession s = new UaSession(key, flags == null ? "" : flags, parsed, peer);
    s.uac = true;
    s.uacContact = contact;
    s.localCseq = 2;
    s.lastInviteCseq = 2;
    s.callerCseq = 2;
    table.byKey.put(key, s);
    long timeout = s.timeoutSeconds(ctx.options.getDefaultSessionTimeoutSeconds());
    s.sessionTimer = ctx.core.schedule(() -> uas.expire(key), timeout, TimeUnit.SECONDS);
    client.sendInitialInvite(s, branch, invite);
    return key;
  }

  private String advertisedContact() {
    String configured = ctx.options.getAdvertisedContact();
    return OpenSipsDoubleOptions.DEFAULT_CONTACT.equals(configured)
        ? "sip:oavc@" + ctx.sipHostPort()
        : configured;
  }

  /** OpenSIPS' b2b From-tag: 32 hex digits, then "-4a11" with a body and "-0000" without (17). */
  private String fromTag(String body) {
    String given =
        ctx.options.getFromTagGenerator() != null ? ctx.options.getFromTagGenerator().get() : null;
    if (given != null) {
      return given;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    StringBuilder sb = new StringBuilder(37);
    for (int i = 0; i < 32; i++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.append(body == null ? "-0000" : "-4a11").toString();
  }

  /** Host and port of a SIP URI (5060 by default); null when it does not resolve. */
  private InetSocketAddress destination(String uri) {
    if (ctx.options.getOutboundTarget() != null) {
      return ctx.options.getOutboundTarget();
    }
    String rest = uri.replaceFirst("^sips?:", "");
    rest = rest.substring(rest.indexOf('@') + 1);
    int semi = rest.indexOf(';');
    String hostPort = semi >= 0 ? rest.substring(0, semi) : rest;
    String host = hostPort;
    int port = 5060;
    int colon = hostPort.lastIndexOf(':');
    if (colon > hostPort.lastIndexOf(']')) {
      host = hostPort.substring(0, colon);
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      return new InetSocketAddress(
          InetAddress.getByName(host.replace("[", "").replace("]", "")), port);
    } catch (UnknownHostException | IllegalArgumentException e) {
      return null;
    }
  }
}
