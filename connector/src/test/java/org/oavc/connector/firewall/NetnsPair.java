package org.oavc.connector.firewall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.firewall.impl.Shell;

/**
 * Two network namespaces joined by a veth pair, used only by tests: server 192.0.2.1, client
 * 192.0.2.2 and 192.0.2.130 (TEST-NET-1, never routed outside the pair). {@link #close} removes
 * both namespaces, which also removes the veth and every rule loaded inside.
 */
final class NetnsPair implements AutoCloseable {
  static final String SERVER_IP = "192.0.2.1";
  static final String CLIENT_OUTSIDE_IP = "192.0.2.2";
  static final String CLIENT_INSIDE_IP = "192.0.2.130";
  static final String INSIDE_CIDR = "192.0.2.128/25";

  final String server;
  final String client;
  private final Shell host = new Shell(null);
  private final List<Process> children = new ArrayList<>();

  NetnsPair() {
    String tag = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    server = "oavcfw-s-" + tag;
    client = "oavcfw-c-" + tag;
    try {
      host.require("ip netns add", null, "ip", "netns", "add", server);
      host.require("ip netns add", null, "ip", "netns", "add", client);
      String vs = "ofs" + tag;
      String vc = "ofc" + tag;
      host.require(
          "veth", null, "ip", "link", "add", vs, "netns", server, "type", "veth", "peer", "name",
          vc, "netns", client);
      in(server, "ip", "addr", "add", SERVER_IP + "/24", "dev", vs);
      in(client, "ip", "addr", "add", CLIENT_OUTSIDE_IP + "/24", "dev", vc);
      in(client, "ip", "addr", "add", CLIENT_INSIDE_IP + "/24", "dev", vc);
      for (String[] ns : new String[][] {{server, vs}, {client, vc}}) {
        in(ns[0], "ip", "link", "set", "lo", "up");
        in(ns[0], "ip", "link", "set", ns[1], "up");
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void in(String ns, String... cmd) {
    new Shell(ns).require(String.join(" ", cmd), null, cmd);
  }

  /** Starts the echo server in the server namespace and waits until it has bound. */
  void serve(String udpPorts, String tcpPorts) throws IOException {
    Process p = java(server, "serve", udpPorts, tcpPorts);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"READY".equals(line)) {
      throw new IllegalStateException("probe server did not start: " + line);
    }
  }

  /** Runs probes from the client namespace; returns its "spec PASS|BLOCKED" lines. */
  List<String> probe(String... specs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("probe", SERVER_IP));
    args.addAll(List.of(specs));
    Process p = java(client, args.toArray(String[]::new));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          "probe failed: "
              + out
              + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    return out.lines().toList();
  }

  private Process java(String ns, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                ProcessHandle.current()
                    .info()
                    .command()
                    .orElse(System.getProperty("java.home") + "/bin/java"),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                FirewallProbe.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    return p;
  }

  @Override
  public void close() {
    for (Process p : children) {
      p.destroyForcibly();
    }
    host.run(null, "ip", "netns", "del", server);
    host.run(null, "ip", "netns", "del", client);
  }
}
