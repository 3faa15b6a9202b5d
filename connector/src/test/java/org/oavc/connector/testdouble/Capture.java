package org.oavc.connector.testdouble;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One scenario folder of /work/shared/wire-samples/opensips-3.4, loaded for replay. */
final class Capture {
  /** One captured datagram; {@code toOpenSips} is the harness/SIPp side sending. */
  record Datagram(
      int n,
      Instant t,
      boolean toOpenSips,
      String src,
      String dst,
      String channel,
      byte[] bytes,
      String note) {
    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    int srcPort() {
      return Integer.parseInt(src.substring(src.lastIndexOf(':') + 1));
    }
  }

  private static final String SHARED = "/work/shared/wire-samples/opensips-3.4";

  final String scenario;

  /** MI, event and SIP datagrams merged in time order. */
  final List<Datagram> timeline;

  private Capture(String scenario, List<Datagram> timeline) {
    this.scenario = scenario;
    this.timeline = timeline;
  }

  /** The pom's oavc.wireSamples, else the shared folder (worktrees sit one level deeper). */
  static Path root() {
    Path configured = Path.of(System.getProperty("oavc.wireSamples", "/nonexistent"));
    return Files.isDirectory(configured) ? configured : Path.of(SHARED);
  }

  static boolean available() {
    return Files.isDirectory(root());
  }

  /** Loads the folder whose name starts with the given number, e.g. "02". */
  static Capture load(String number) {
    try (var dirs = Files.list(root())) {
      Path dir =
          dirs.filter(p -> p.getFileName().toString().startsWith(number + "-"))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no capture " + number));
      List<Datagram> all = new ArrayList<>(read(dir.resolve("datagrams.jsonl")));
      all.addAll(read(dir.resolve("sip-wire.jsonl")));
      all.sort(Comparator.comparing(Datagram::t));
      return new Capture(dir.getFileName().toString(), all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Datagram> read(Path file) throws IOException {
    List<Datagram> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject o = new JsonObject(line);
      out.add(
          new Datagram(
              o.getInteger("n", -1),
              Instant.parse(o.getString("t")),
              o.getString("dir").equals("to-opensips"),
              o.getString("src"),
              o.getString("dst"),
              o.getString("channel"),
              Base64.getDecoder().decode(o.getString("b64")),
              o.getString("note", "")));
    }
    return out;
  }

  List<Datagram> select(String channel, boolean toOpenSips) {
    return timeline.stream()
        .filter(d -> d.channel().equals(channel) && d.toOpenSips() == toOpenSips)
        .toList();
  }

  /**
   * The session keys in creation order: the B2B To-tag of the first reply to each new Call-ID of an
   * inbound INVITE, and the result of each ua_session_client_start (17), merged by time.
   */
  List<String> keys() {
    Map<String, Instant> inviteTimes = new LinkedHashMap<>();
    initialInvites(true).forEach((callId, d) -> inviteTimes.put(callId, d.t()));
    Map<String, String> byCallId = new LinkedHashMap<>();
    for (Datagram d : select("sip", false)) {
      try {
        SipMessage m = SipMessage.parse(d.bytes());
        String tag = m.isRequest() ? m.fromTag() : m.toTag();
        if (tag != null
            && tag.startsWith("B2B.")
            && inviteTimes.containsKey(m.callId())
            && !byCallId.containsKey(m.callId())) {
          byCallId.put(m.callId(), tag);
        }
      } catch (SipMessage.MalformedSipException e) {
        // OpenSIPS' own garbage (fact 15) still parses; anything else is not a key source
      }
    }
    List<Map.Entry<Instant, String>> created = new ArrayList<>();
    inviteTimes.forEach(
        (callId, t) -> {
          if (byCallId.containsKey(callId)) {
            created.add(Map.entry(t, byCallId.get(callId)));
          }
        });
    for (Datagram d : select("mi", false)) {
      if (d.text().startsWith("{")) {
        Object result = new JsonObject(d.text()).getValue("result");
        if (result instanceof String key && key.startsWith("B2B.")) {
          created.add(Map.entry(d.t(), key));
        }
      }
    }
    created.sort(Map.Entry.comparingByKey());
    return created.stream().map(Map.Entry::getValue).toList();
  }

  /** From-tags of the outbound INVITEs OpenSIPS sent (17), in order. */
  List<String> outboundFromTags() {
    List<String> tags = new ArrayList<>();
    for (Datagram d : initialInvites(false).values()) {
      try {
        tags.add(SipMessage.parse(d.bytes()).fromTag());
      } catch (SipMessage.MalformedSipException e) {
        throw new IllegalStateException(e);
      }
    }
    return tags;
  }

  /** The first datagram of each dialog-creating INVITE in one direction, by Call-ID, in order. */
  private Map<String, Datagram> initialInvites(boolean toOpenSips) {
    Map<String, Datagram> byCallId = new LinkedHashMap<>();
    for (Datagram d : select("sip", toOpenSips)) {
      try {
        SipMessage m = SipMessage.parse(d.bytes());
        if (m.isRequest() && m.method.equals("INVITE") && m.toTag() == null) {
          byCallId.putIfAbsent(m.callId(), d);
        }
      } catch (SipMessage.MalformedSipException e) {
        // OpenSIPS' own garbage (fact 15) is no INVITE
      }
    }
    return byCallId;
  }
}
