package org.oavc.connector.testdouble;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** OpenSIPS core and event_datagram MI commands. Run on the core thread. */
final class MiCoreCommands {
  /** ctime(3) layout, local time, day padded with a space: "Sun Nov 22 22:35:04 2026". */
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

  static final List<String> EVENTS =
      List.of(
          "E_CORE_SR_STATUS_CHANGED",
          "E_CORE_THRESHOLD",
          "E_CORE_SHM_THRESHOLD",
          "E_CORE_PKG_THRESHOLD",
          "E_CORE_PROC_AUTO_SCALE",
          "E_CORE_TCP_DISCONNECT",
          "E_UA_SESSION",
          "E_CORE_LOG");

  private final DoubleContext ctx;
  private final CacheCommands cache = new CacheCommands();
  volatile long upSinceSeconds = System.currentTimeMillis() / 1000;

  MiCoreCommands(DoubleContext ctx) {
    this.ctx = ctx;
  }

  void register(Map<String, DoubleMiCommand> commands) {
    commands.put("version", p -> noParams(p, "{\"Server\":\"" + SipWriter.SERVER + "\"}"));
    commands.put("uptime", p -> noParams(p, uptime()));
    commands.put("ps", p -> noParams(p, ps()));
    commands.put("which", p -> noParams(p, resource("which.json").trim()));
    commands.put("events_list", p -> noParams(p, eventsList()));
    commands.put("help", this::help);
    commands.put("event_subscribe", this::subscribe);
    commands.put("subscribers_list", this::subscribersList);
    cache.register(commands);
  }

  /** restart(): a new "Up since" strictly after the old one (13). */
  void restarted() {
    upSinceSeconds = Math.max(System.currentTimeMillis() / 1000, upSinceSeconds + 1);
    cache.clear();
  }

  private static String noParams(Object params, String result) throws MiError {
    MiParams.match(params, List.of(List.of()));
    return result;
  }

  private String uptime() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonOut()
        .open()
        .field("Now", ctime(now))
        .field("Up since", ctime(upSinceSeconds))
        .field("Up time", (now - upSinceSeconds) + " [sec]")
        .close()
        .toString();
  }

  private static String ctime(long epochSeconds) {
    return CTIME.format(Instant.ofEpochSecond(epochSeconds).atZone(ZoneId.systemDefault()));
  }

  private String ps() {
    String sip = "SIP receiver udp:" + ctx.sipHostPort();
    List<String> types =
        new java.util.ArrayList<>(List.of("attendant", "MI Datagram", "time_keeper", "timer"));
    for (int i = 0; i < ctx.eventSockets.size(); i++) {
      types.add(sip);
    }
    types.add("Timer handler");
    JsonOut out = new JsonOut().open().name("Processes").openArray();
    long pid = ProcessHandle.current().pid();
    for (int i = 0; i < types.size(); i++) {
      out.open().field("ID", i).field("PID", pid).field("Type", types.get(i)).close();
    }
    return out.closeArray().close().toString();
  }

  private static String eventsList() {
    JsonOut out = new JsonOut().open().name("Events").openArray();
    for (int i = 0; i < EVENTS.size(); i++) {
      out.open().field("name", EVENTS.get(i)).field("id", i).close();
    }
    return out.closeArray().close().toString();
  }

  private String help(Object params) throws MiError {
    MiParams p = MiParams.match(params, List.of(List.of("mi_cmd")));
    String cmd = p.string("mi_cmd");
    String module =
        cmd.startsWith("ua_session_") || cmd.equals("b2be_list")
            ? "b2b_entities"
            : cmd.equals("event_subscribe") || cmd.equals("subscribers_list") ? "core" : "core";
    return new JsonOut()
        .open()
        .field("Help", "not available for this command")
        .field("Exported by", module)
        .close()
        .toString();
  }

  private String subscribe(Object params) throws MiError {
    MiParams p =
        MiParams.match(
            params, List.of(List.of("event", "socket"), List.of("event", "socket", "expire")));
    String event = p.string("event");
    String socket = p.nonEmpty("socket");
    long expire = p.has("expire") ? p.integer("expire") : 3600;
    if (expire < 0) {
      throw MiError.invalidParams("Negative expire value");
    }
    if (!EVENTS.contains(event)) {
      throw MiError.badParameterValue();
    }
    InetSocketAddress target = parseSocket(socket);
    String stored = "udp:" + target.getHostString() + ":" + target.getPort();
    ctx.subscribers.subscribe(stored, target, expire, System.currentTimeMillis());
    return "\"OK\"";
  }

  /** udp:IPv4-or-host:port only; port taken mod 65536 (01: 70000 -> 4464; 16: no IPv6). */
  private static InetSocketAddress parseSocket(String socket) throws MiError {
    if (!socket.startsWith("udp:")) {
      throw MiError.badParameterValue();
    }
    String rest = socket.substring(4);
    int colon = rest.lastIndexOf(':');
    if (colon <= 0 || rest.startsWith("[") || rest.substring(0, colon).contains(":")) {
      throw MiError.badParameterValue();
    }
    String host = rest.substring(0, colon);
    String port = rest.substring(colon + 1);
    if (!port.matches("\\d{1,9}")) {
      throw MiError.badParameterValue();
    }
    try {
      InetAddress addr = InetAddress.getByName(host);
      if (addr.getAddress().length != 4) {
        throw MiError.badParameterValue();
      }
      return new InetSocketAddress(
          InetAddress.getByAddress(host, addr.getAddress()), Integer.parseInt(port) % 65536);
    } catch (UnknownHostException e) {
      throw MiError.badParameterValue();
    }
  }

  private String subscribersList(Object params) throws MiError {
    MiParams p = MiParams.match(params, List.of(List.of(), List.of("event")));
    long now = System.currentTimeMillis();
    List<Subscribers.Subscriber> subs = ctx.subscribers.listAndPurge(now);
    if (p.has("event")) {
      String event = p.string("event");
      if (!EVENTS.contains(event)) {
        throw MiError.badParameterValue();
      }
      JsonOut out = new JsonOut().open().name("Event");
      eventEntry(out, event, event.equals("E_UA_SESSION") ? subs : List.of(), now);
      return out.close().toString();
    }
    JsonOut out = new JsonOut().open().name("Events").openArray();
    if (!subs.isEmpty()) {
      eventEntry(out, "E_UA_SESSION", subs, now);
    }
    return out.closeArray().close().toString();
  }

  private static void eventEntry(
      JsonOut out, String event, List<Subscribers.Subscriber> subs, long now) {
    out.open()
        .field("name", event)
        .field("id", EVENTS.indexOf(event))
        .name("Subscribers")
        .openArray();
    for (Subscribers.Subscriber s : subs) {
      out.open().field("socket", s.socket).field("expire", s.expireSeconds).name("ttl");
      long ttl = (s.expiresAtMs - now + 999) / 1000;
      if (ttl <= 0) {
        out.str("expired");
      } else {
        out.num(Math.min(ttl, s.expireSeconds));
      }
      out.close();
    }
    out.closeArray().close();
  }

  static String resource(String name) {
    try (InputStream in = MiCoreCommands.class.getResourceAsStream("/testdouble/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource testdouble/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
