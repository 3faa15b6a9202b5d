package org.oavc.xdp;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.oavc.xdp.bpf.Native;

/**
 * Two network namespaces joined by a veth pair, created for one test and removed by close()
 * (deleting a namespace deletes its veth end and any XDP attachment on it).
 */
final class VethPair implements AutoCloseable {
  final String id = UUID.randomUUID().toString().substring(0, 6);
  final String nsA = "oavc-xa-" + id;
  final String nsB = "oavc-xb-" + id;
  final String ifA = "vxa" + id;
  final String ifB = "vxb" + id;
  final String v4A = "10.213.7.1";
  final String v4B = "10.213.7.2";
  final String v6A = "fd42:7::1";
  final String v6B = "fd42:7::2";
  private final List<String> created = new ArrayList<>();

  VethPair() throws IOException, InterruptedException {
    try {
      ip("netns", "add", nsA);
      created.add(nsA);
      ip("netns", "add", nsB);
      created.add(nsB);
      ip("link", "add", ifA, "netns", nsA, "type", "veth", "peer", "name", ifB, "netns", nsB);
      for (String[] side : new String[][] {{nsA, ifA, v4A, v6A}, {nsB, ifB, v4B, v6B}}) {
        ip("-n", side[0], "link", "set", "lo", "up");
        ip("-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
        ip("-n", side[0], "addr", "add", side[3] + "/64", "dev", side[1], "nodad");
        ip("-n", side[0], "link", "set", side[1], "up");
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      close();
      throw e;
    }
  }

  String nsPath(String ns) {
    return "/run/netns/" + ns;
  }

  /** A UDP socket bound inside {@code ns} (created on a thread that entered it). */
  DatagramSocket socketIn(String ns, InetSocketAddress bind) throws Exception {
    AtomicReference<DatagramSocket> socket = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Native.enterNetns(nsPath(ns));
                socket.set(new DatagramSocket(bind));
              } catch (Exception e) {
                failure.set(e);
              }
            });
    t.start();
    t.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return socket.get();
  }

  static String ip(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() {
    for (String ns : created) {
      try {
        ip("netns", "del", ns);
      } catch (IOException | InterruptedException e) {
        System.err.println("cleanup: " + e.getMessage());
      }
    }
    created.clear();
  }
}
