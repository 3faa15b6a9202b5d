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

  /** The session keys in INVITE order: the B2B To-tag of the first reply to each new Call-ID. */
  List<String> keys() {
    Map<String, String> byCallId = new LinkedHashMap<>();
    for (Datagram d : select("sip", true)) {
      try {
        SipMessage m = SipMessage.parse(d.bytes());
        if (m.isRequest() && m.method.equals("INVITE") && m.toTag() == null) {
          byCallId.putIfAbsent(m.callId(), null);
        }
      } catch (SipMessage.MalformedSipException e) {
        throw new IllegalStateException(e);
      }
    }
    for (Datagram d : select("sip", false)) {
      try {
        SipMessage m = SipMessage.parse(d.bytes());
        String tag = m.isRequest() ? m.fromTag() : m.toTag();
        if (tag != null
            && tag.startsWith("B2B.")
            && byCallId.get(m.callId()) == null
            && byCallId.containsKey(m.callId())) {
          byCallId.put(m.callId(), tag);
        }
      } catch (SipMessage.MalformedSipException e) {
        // OpenSIPS' own garbage (fact 15) still parses; anything else is not a key source
      }
    }
    return new ArrayList<>(byCallId.values());
  }
}
