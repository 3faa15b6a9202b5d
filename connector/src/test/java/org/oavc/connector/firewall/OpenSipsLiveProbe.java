package org.oavc.connector.firewall;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays caller, connector and xdp-agent against a real OpenSIPS running our script, inside the
 * test's private network namespace (run as its own JVM there). Prints one {@code name: result} line
 * per check for {@link OpenSipsLiveTest} to assert on. Args: SIP_PORT MI_PORT EVENT_PORT
 * HEARTBEAT_KEY MODE, MODE being {@code calls}, {@code fallback} or {@code pike}.
 */
public final class OpenSipsLiveProbe {
  private static final InetAddress LO = InetAddress.getLoopbackAddress();
  private static int sipPort;
  private static int miPort;

  private OpenSipsLiveProbe() {}

  public static void main(String[] a) throws Exception {
    sipPort = Integer.parseInt(a[0]);
    miPort = Integer.parseInt(a[1]);
    int eventPort = Integer.parseInt(a[2]);
    String key = a[3];
    awaitMi();
    try (DatagramSocket caller = udp("127.0.0.1", 5071, 2000)) {
      switch (a[4]) {
        case "calls" -> calls(caller, eventPort, key);
        case "fallback" -> fallback(caller);
        default -> pike(a[5]);
      }
    }
  }

  private static void calls(DatagramSocket caller, int eventPort, String key) throws Exception {
    print(
        "no-connector", status(send(caller, request("INVITE", null, "127.0.0.1")), "Retry-After"));
    print("options", status(send(caller, request("OPTIONS", null, "127.0.0.1")), null));
    print("message", status(send(caller, request("MESSAGE", null, "127.0.0.1")), "Allow"));
    print("stray-bye", status(send(caller, request("BYE", "gone", "127.0.0.1")), null));
    print(
        "no-call-id",
        status(
            send(caller, request("INVITE", null, "127.0.0.1").replace("Call-ID:", "X-Call-ID:")),
            null));
    try (DatagramSocket events = udp("127.0.0.1", eventPort, 5000)) {
      print(
          "cache_store",
          mi(
              "cache_store",
              "{\"system\":\"local\",\"attr\":\"" + key + "\",\"value\":\"1\",\"expire\":30}"));
      print(
          "subscribe",
          mi(
              "event_subscribe",
              "{\"event\":\"E_UA_SESSION\",\"socket\":\"udp:"
                  + "127.0.0.1:"
                  + eventPort
                  + "\",\"expire\":60}"));
      print("connector-alive", status(send(caller, request("INVITE", null, "127.0.0.1")), null));
      String event = receive(events);
      Matcher k = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(event);
      print(
          "event",
          (event.contains("\"event_type\":\"NEW\"") ? "NEW" : event)
              + (event.contains("\"body\":null") ? " no-body" : " body")
              + (event.contains("\"headers\":null") ? " no-headers" : " headers"));
      if (k.find()) {
        print(
            "reply-480",
            mi(
                "ua_session_reply",
                "{\"key\":\""
                    + k.group(1)
                    + "\",\"method\":\"INVITE\",\"code\":480,\"reason\":\"Temporarily Unavailable\"}"));
        print("caller-got", status(receive(caller), null));
      }
    }
    // The key expires like the connector's heartbeat does when the connector dies.
    mi(
        "cache_store",
        "{\"system\":\"local\",\"attr\":\"" + key + "\",\"value\":\"1\",\"expire\":1}");
    String last = "";
    for (int i = 0; i < 40 && !last.startsWith("SIP/2.0 503"); i++) {
      Thread.sleep(250);
      last = status(send(caller, request("INVITE", null, "127.0.0.1")), null);
    }
    print("key-expired", last);
  }

  private static void fallback(DatagramSocket caller) throws IOException {
    try (DatagramSocket human = udp("127.0.0.1", 5072, 5000)) {
      caller.send(packet(request("INVITE", null, "127.0.0.1")));
      print("relayed", status(receive(human), null));
    }
  }

  private static void pike(String floodSource) throws IOException {
    try (DatagramSocket events = udp("127.0.0.1", 0, 5000);
        DatagramSocket flood = udp(floodSource, 5071, 300)) {
      print(
          "subscribe",
          mi(
              "event_subscribe",
              "{\"event\":\"E_PIKE_BLOCKED\",\"socket\":\"udp:"
                  + "127.0.0.1:"
                  + events.getLocalPort()
                  + "\",\"expire\":60}"));
      for (int i = 0; i < 300; i++) {
        flood.send(packet(request("OPTIONS", null, floodSource)));
      }
      int answered = 0;
      try {
        while (answered < 300) {
          receive(flood);
          answered++;
        }
      } catch (SocketTimeoutException e) {
        // no more answers: the source is blocked
      }
      print("flood-answered", Integer.toString(answered));
      print("pike-event", receive(events));
    }
  }

  private static String request(String method, String toTag, String src) {
    String id = UUID.randomUUID().toString();
    return method
        + " sip:bot@127.0.0.1:"
        + sipPort
        + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP "
        + src
        + ":5071;branch=z9hG4bK"
        + id.substring(0, 8)
        + "\r\n"
        + "Max-Forwards: 70\r\nFrom: <sip:caller@"
        + src
        + ">;tag=c1\r\n"
        + "To: <sip:bot@127.0.0.1>"
        + (toTag == null ? "" : ";tag=" + toTag)
        + "\r\n"
        + "Call-ID: "
        + id
        + "\r\nCSeq: 1 "
        + method
        + "\r\n"
        + "Contact: <sip:caller@"
        + src
        + ":5071>\r\nContent-Length: 0\r\n\r\n";
  }

  private static String send(DatagramSocket s, String msg) throws IOException {
    s.send(packet(msg));
    return receive(s);
  }

  private static DatagramPacket packet(String msg) {
    byte[] b = msg.getBytes(StandardCharsets.UTF_8);
    return new DatagramPacket(b, b.length, LO, sipPort);
  }

  private static String receive(DatagramSocket s) throws IOException {
    DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
    s.receive(p);
    return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
  }

  /** The status line, plus the named header's line when asked. */
  private static String status(String msg, String header) {
    String[] lines = msg.split("\r\n");
    StringBuilder out = new StringBuilder(lines[0]);
    if (header != null) {
      for (String l : lines) {
        if (l.startsWith(header + ":")) {
          out.append(" | ").append(l);
        }
      }
    }
    return out.toString();
  }

  private static String mi(String method, String params) throws IOException {
    try (DatagramSocket s = udp("127.0.0.1", 0, 2000)) {
      byte[] b =
          ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}")
              .getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(b, b.length, LO, miPort));
      return receive(s);
    }
  }

  private static void awaitMi() throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        mi("version", "[]");
        return;
      } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("OpenSIPS MI did not answer");
  }

  private static DatagramSocket udp(String ip, int port, int timeoutMs) throws IOException {
    DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip, port));
    s.setSoTimeout(timeoutMs);
    return s;
  }

  private static void print(String name, String result) {
    System.out.println(name + ": " + result.replace("\r\n", " "));
    System.out.flush();
  }
}
