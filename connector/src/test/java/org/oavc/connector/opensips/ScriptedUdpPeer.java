package org.oavc.connector.opensips;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real UDP socket on 127.0.0.1 that records every datagram it gets and answers each with whatever
 * the script returns (nothing, one or several datagrams). Not an OpenSIPS double: each test scripts
 * exactly the replies it needs, often bytes replayed from the wire captures.
 */
final class ScriptedUdpPeer implements AutoCloseable {

  /** One datagram the peer received. */
  record Request(byte[] bytes, InetSocketAddress sender, long atNanos) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return new JsonObject(text());
    }

    String method() {
      return json().getString("method");
    }

    String id() {
      return json().getString("id");
    }

    JsonObject params() {
      return json().getJsonObject("params");
    }
  }

  private final DatagramSocket socket;
  private final Thread thread;
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private volatile Function<Request, List<byte[]>> script;

  private ScriptedUdpPeer(int port, Function<Request, List<byte[]>> script) throws SocketException {
    this.socket = new DatagramSocket(null);
    socket.setReuseAddress(true);
    socket.setReceiveBufferSize(1 << 20);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.script = script;
    this.thread = new Thread(this::run, "scripted-udp-peer-" + socket.getLocalPort());
    thread.setDaemon(true);
    thread.start();
  }

  static ScriptedUdpPeer start(Function<Request, List<byte[]>> script) throws SocketException {
    return new ScriptedUdpPeer(0, script);
  }

  static ScriptedUdpPeer start(int port, Function<Request, List<byte[]>> script)
      throws SocketException {
    return new ScriptedUdpPeer(port, script);
  }

  private void run() {
    byte[] buf = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return; // closed
      }
      Request r =
          new Request(
              Arrays.copyOf(p.getData(), p.getLength()),
              (InetSocketAddress) p.getSocketAddress(),
              System.nanoTime());
      received.add(r);
      queue.add(r);
      List<byte[]> replies;
      try {
        replies = script.apply(r);
      } catch (RuntimeException e) {
        replies = List.of(); // a script that cannot answer this request stays silent
      }
      for (byte[] reply : replies) {
        send(reply, r.sender());
      }
    }
  }

  void script(Function<Request, List<byte[]>> script) {
    this.script = script;
  }

  int port() {
    return socket.getLocalPort();
  }

  List<Request> received() {
    return received;
  }

  /** The next request not yet taken, waiting at most 10 s; null if none came. */
  Request next() throws InterruptedException {
    return queue.poll(10, TimeUnit.SECONDS);
  }

  void send(byte[] data, InetSocketAddress to) {
    try {
      socket.send(new DatagramPacket(data, data.length, to));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  void send(String text, InetSocketAddress to) {
    send(text.getBytes(StandardCharsets.UTF_8), to);
  }

  @Override
  public void close() {
    socket.close();
  }

  // ---- reply builders ---------------------------------------------------------------------

  static byte[] result(Request r, Object result) {
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("result", result)
        .put("id", r.id())
        .toBuffer()
        .getBytes();
  }

  static byte[] ok(Request r) {
    return result(r, "OK");
  }

  static byte[] error(Request r, int code, String message, String data) {
    JsonObject e = new JsonObject().put("code", code).put("message", message);
    if (data != null) {
      e.put("data", data);
    }
    return new JsonObject()
        .put("jsonrpc", "2.0")
        .put("error", e)
        .put("id", r.id())
        .toBuffer()
        .getBytes();
  }

  /** A captured reply with its id replaced by the id of {@code r}. */
  static byte[] withIdOf(Request r, String capturedReply) {
    JsonObject j = new JsonObject(capturedReply);
    j.put("id", r.id());
    return j.toBuffer().getBytes();
  }
}
