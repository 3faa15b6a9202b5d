package org.oavc.connector.testdouble;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A few lines of raw UDP + JSON playing the connector in tests, independent of the main code: one
 * MI socket, one event socket, blocking calls with generous bounds.
 */
final class ScriptedConnector implements AutoCloseable {
  private static final int TIMEOUT_MS = 10_000;
  private final InetSocketAddress mi;
  private final DatagramSocket miSocket;
  private final DatagramSocket eventSocket;
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final Thread receiver;
  private int nextId = 1;

  ScriptedConnector(InetSocketAddress mi) throws IOException {
    this.mi = mi;
    InetSocketAddress loopback = new InetSocketAddress(mi.getAddress(), 0);
    miSocket = new DatagramSocket(loopback);
    miSocket.setSoTimeout(TIMEOUT_MS);
    eventSocket = new DatagramSocket(loopback);
    receiver = new Thread(this::receiveEvents, "scripted-connector-events");
    receiver.setDaemon(true);
    receiver.start();
  }

  void subscribe() throws IOException {
    String socket = "udp:" + mi.getAddress().getHostAddress() + ":" + eventSocket.getLocalPort();
    JsonObject reply = call("event_subscribe", new JsonArray().add("E_UA_SESSION").add(socket));
    if (!"OK".equals(reply.getValue("result"))) {
      throw new IOException("event_subscribe failed: " + reply.encode());
    }
  }

  /** ua_session_reply 200 OK with {@code sdp} for session {@code key}; the MI reply. */
  JsonObject answer(String key, String sdp) throws IOException {
    return call(
        "ua_session_reply",
        new JsonObject()
            .put("key", key)
            .put("method", "INVITE")
            .put("code", 200)
            .put("reason", "OK")
            .put("body", sdp));
  }

  /** One MI round trip; the reply must carry our id. */
  JsonObject call(String method, Object params) throws IOException {
    String id = Integer.toString(nextId++);
    byte[] req =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("method", method)
            .put("params", params)
            .put("id", id)
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    miSocket.send(new DatagramPacket(req, req.length, mi));
    byte[] buf = new byte[65535];
    while (true) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      miSocket.receive(p); // SocketTimeoutException after 10 s
      JsonObject reply =
          new JsonObject(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
      if (id.equals(reply.getValue("id"))) {
        return reply;
      }
    }
  }

  /** Sends raw bytes to MI and returns the next datagram received (10 s bound). */
  byte[] raw(byte[] request) throws IOException {
    miSocket.send(new DatagramPacket(request, request.length, mi));
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    miSocket.receive(p);
    return java.util.Arrays.copyOf(p.getData(), p.getLength());
  }

  /** Sends raw bytes to MI without waiting for anything. */
  void send(byte[] request) throws IOException {
    miSocket.send(new DatagramPacket(request, request.length, mi));
  }

  /** The next event matching the predicate (others are discarded), or an exception after 10 s. */
  JsonObject awaitEvent(Predicate<JsonObject> params) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofMillis(TIMEOUT_MS).toNanos();
    while (true) {
      JsonObject e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (e == null) {
        throw new IOException("no matching E_UA_SESSION event within 10 s");
      }
      JsonObject p = e.getJsonObject("params");
      if (p != null && params.test(p)) {
        return p;
      }
    }
  }

  private void receiveEvents() {
    byte[] buf = new byte[65535];
    while (!eventSocket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        eventSocket.receive(p);
        events.add(
            new JsonObject(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)));
      } catch (IOException | RuntimeException e) {
        if (eventSocket.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      call(
          "event_subscribe",
          new JsonArray()
              .add("E_UA_SESSION")
              .add("udp:" + mi.getAddress().getHostAddress() + ":" + eventSocket.getLocalPort())
              .add(0));
    } catch (IOException | RuntimeException e) {
      // best effort: the target may already be gone
    }
    miSocket.close();
    eventSocket.close();
    try {
      receiver.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
