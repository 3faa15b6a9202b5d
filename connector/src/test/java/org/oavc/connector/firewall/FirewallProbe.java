package org.oavc.connector.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny traffic endpoint run as its own JVM inside a test network namespace (a JVM cannot switch
 * namespaces per socket). {@code serve UDPPORTS TCPPORTS} echoes UDP and answers TCP until its
 * standard input closes; {@code probe DST PROTO/PORT/SRC/TIMEOUT_MS...} prints {@code
 * PROTO/PORT/SRC PASS|BLOCKED} per probe.
 */
public final class FirewallProbe {
  private FirewallProbe() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("serve")) {
      serve(ports(args[1]), ports(args[2]));
    } else {
      InetAddress dst = InetAddress.getByName(args[1]);
      for (int i = 2; i < args.length; i++) {
        String[] spec = args[i].split("/");
        boolean pass =
            spec[0].equals("udp")
                ? udp(dst, Integer.parseInt(spec[1]), spec[2], Integer.parseInt(spec[3]))
                : tcp(dst, Integer.parseInt(spec[1]), spec[2], Integer.parseInt(spec[3]));
        System.out.println(spec[0] + "/" + spec[1] + "/" + spec[2] + (pass ? " PASS" : " BLOCKED"));
      }
    }
  }

  private static List<Integer> ports(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String p : csv.split(",")) {
      if (!p.isBlank()) {
        out.add(Integer.parseInt(p.trim()));
      }
    }
    return out;
  }

  private static void serve(List<Integer> udp, List<Integer> tcp) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    for (int port : udp) {
      DatagramSocket s = new DatagramSocket(port);
      open.add(s);
      daemon(
          () -> {
            byte[] buf = new byte[512];
            while (true) {
              DatagramPacket p = new DatagramPacket(buf, buf.length);
              s.receive(p);
              s.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            }
          });
    }
    for (int port : tcp) {
      ServerSocket s = new ServerSocket(port);
      open.add(s);
      daemon(
          () -> {
            while (true) {
              try (Socket c = s.accept();
                  OutputStream o = c.getOutputStream()) {
                o.write("ok\n".getBytes(StandardCharsets.US_ASCII));
              }
            }
          });
    }
    System.out.println("READY");
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // Runs until the test closes our stdin (or kills us).
    }
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private static boolean udp(InetAddress dst, int port, String src, int timeoutMs)
      throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(src, 0))) {
      s.setSoTimeout(250);
      byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      while (System.nanoTime() < deadline) {
        // Resend every 250 ms: one lost datagram on a busy machine must not read as "blocked".
        s.send(new DatagramPacket(ping, ping.length, dst, port));
        try {
          s.receive(new DatagramPacket(new byte[64], 64));
          return true;
        } catch (SocketTimeoutException e) {
          // try again until the deadline
        }
      }
      return false;
    }
  }

  private static boolean tcp(InetAddress dst, int port, String src, int timeoutMs) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(src, 0));
      s.connect(new InetSocketAddress(dst, port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      return s.getInputStream().read() == 'o';
    } catch (IOException e) {
      return false;
    }
  }

  private interface Loop {
    void run() throws Exception;
  }

  private static void daemon(Loop body) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Exception closed) {
                // socket closed at shutdown
              }
            });
    t.setDaemon(true);
    t.start();
  }
}
