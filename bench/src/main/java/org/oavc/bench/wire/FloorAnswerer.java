package org.oavc.bench.wire;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * The floor: the least an answerer can do. Subscribes to E_UA_SESSION and answers every NEW with
 * ua_session_reply 200 and a fixed SDP from one thread with blocking sockets: no JSON parser, no
 * state, no port, no log (as the Python answerer the issue compares against). Everything else (BYE,
 * ACK) OpenSIPS handles by itself.
 */
final class FloorAnswerer implements AutoCloseable {
  private static final String SDP =
      "v=0\\r\\no=floor 1 1 IN IP4 127.0.0.1\\r\\ns=-\\r\\n"
          + "c=IN IP4 127.0.0.1\\r\\nt=0 0\\r\\nm=audio 40000 RTP/AVP 0 101\\r\\na=rtpmap:0 PCMU/8000\\r\\n"
          + "a=rtpmap:101 telephone-event/8000\\r\\na=fmtp:101 0-16\\r\\na=ptime:20\\r\\na=sendrecv\\r\\n";

  private final InetSocketAddress mi;
  private final DatagramSocket events;
  private final DatagramSocket requests;
  private final Thread answering;
  private final Thread draining;
  private volatile boolean closing;
  private volatile int answered;
  private long nextId = 1;

  private FloorAnswerer(InetSocketAddress mi, int eventPort) throws SocketException {
    this.mi = mi;
    this.events = new DatagramSocket(new InetSocketAddress("127.0.0.1", eventPort));
    this.requests = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    this.answering = new Thread(this::answerLoop, "floor-answerer");
    this.draining = new Thread(this::drainLoop, "floor-mi-replies");
  }

  /** Binds, subscribes (waits for OpenSIPS's "OK") and starts answering. */
  static FloorAnswerer start(InetSocketAddress mi, int eventPort) throws IOException {
    FloorAnswerer f = new FloorAnswerer(mi, eventPort);
    f.subscribe(3600);
    f.answering.setDaemon(true);
    f.draining.setDaemon(true);
    f.answering.start();
    f.draining.start();
    return f;
  }

  int answered() {
    return answered;
  }

  int eventPort() {
    return events.getLocalPort();
  }

  private void subscribe(int expire) throws IOException {
    requests.setSoTimeout(2000);
    send(
        "{\"jsonrpc\":\"2.0\",\"method\":\"event_subscribe\",\"params\":{\"event\":\"E_UA_SESSION\","
            + "\"socket\":\"udp:127.0.0.1:"
            + events.getLocalPort()
            + "\",\"expire\":"
            + expire
            + "},\"id\":\"s\"}");
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    requests.receive(p);
    String reply = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    if (!reply.contains("\"OK\"")) {
      throw new IOException("event_subscribe refused: " + reply);
    }
    requests.setSoTimeout(0);
  }

  private void answerLoop() {
    DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
    while (!closing) {
      try {
        events.receive(p);
        String event = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
        if (event.contains("\"event_type\":\"NEW\"")) {
          send(
              "{\"jsonrpc\":\"2.0\",\"method\":\"ua_session_reply\",\"params\":{\"key\":\""
                  + SetupTimeline.jsonString(event, "\"key\":\"")
                  + "\",\"method\":\"INVITE\",\"code\":200,"
                  + "\"reason\":\"OK\",\"body\":\""
                  + SDP
                  + "\"},\"id\":\""
                  + nextId++
                  + "\"}");
          answered++;
        }
      } catch (IOException e) {
        if (!closing) {
          System.err.println("floor answerer: " + e);
        }
      }
    }
  }

  /** MI replies are not looked at, only read, so the socket's buffer never fills. */
  private void drainLoop() {
    DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
    while (!closing) {
      try {
        requests.receive(p);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void send(String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    requests.send(new DatagramPacket(b, b.length, mi));
  }

  /** Unsubscribes (expire 0, best effort) and closes both sockets. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    try {
      send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"event_subscribe\",\"params\":{\"event\":\"E_UA_SESSION\","
              + "\"socket\":\"udp:127.0.0.1:"
              + events.getLocalPort()
              + "\",\"expire\":0},\"id\":\"u\"}");
      Thread.sleep(200); // its reply is drained; OpenSIPS stops sending events before we close
    } catch (IOException e) {
      System.err.println("floor answerer: unsubscribe failed: " + e);
    }
    events.close();
    requests.close();
    answering.join(2000);
    draining.join(2000);
  }
}
