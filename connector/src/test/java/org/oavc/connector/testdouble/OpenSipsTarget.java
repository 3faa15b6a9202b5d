package org.oavc.connector.testdouble;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What an end-to-end test talks to: a real OpenSIPS 3.4 running opensips-test.cfg when both
 * OPENSIPS_MI and OPENSIPS_SIP ("host:port") are set, else an in-process {@link OpenSipsDouble} on
 * ephemeral loopback ports. Fault controls exist only for the double: {@link #requireDouble()}
 * skips the calling test (JUnit Assumptions) against a real OpenSIPS.
 */
public final class OpenSipsTarget implements AutoCloseable {
  private final InetSocketAddress mi;
  private final InetSocketAddress sip;
  private final OpenSipsDouble dbl;
  private final String webSocketUrl;

  private OpenSipsTarget(
      InetSocketAddress mi, InetSocketAddress sip, OpenSipsDouble dbl, String webSocketUrl) {
    this.mi = mi;
    this.sip = sip;
    this.dbl = dbl;
    this.webSocketUrl = webSocketUrl;
  }

  /**
   * A target that also takes SIP over WebSocket: a real OpenSIPS with proto_ws when OPENSIPS_WS
   * ("host:port") is set beside OPENSIPS_MI/OPENSIPS_SIP (the calling test is skipped when only
   * those two are), else the double with its WebSocket listener on a free port.
   */
  public static OpenSipsTarget withWebSocket() {
    Map<String, String> env = System.getenv();
    OpenSipsTarget t =
        fromEnvironment(
            env, new OpenSipsDoubleOptions().setWebSocketPort(0), env.get("OPENSIPS_WS"));
    if (t.webSocketUrl == null) {
      t.close();
      assumeTrue(false, "a real OpenSIPS is set without OPENSIPS_WS (its ws socket, host:port)");
    }
    return t;
  }

  public static OpenSipsTarget fromEnvironment() {
    return fromEnvironment(System.getenv(), new OpenSipsDoubleOptions());
  }

  /** As {@link #fromEnvironment()}, with the double's options when no real OpenSIPS is set. */
  public static OpenSipsTarget fromEnvironment(Map<String, String> env, OpenSipsDoubleOptions o) {
    return fromEnvironment(env, o, null);
  }

  private static OpenSipsTarget fromEnvironment(
      Map<String, String> env, OpenSipsDoubleOptions o, String realWebSocket) {
    String mi = env.get("OPENSIPS_MI");
    String sip = env.get("OPENSIPS_SIP");
    if (mi != null && !mi.isBlank() && sip != null && !sip.isBlank()) {
      String ws =
          realWebSocket == null || realWebSocket.isBlank() ? null : "ws://" + realWebSocket.trim();
      return new OpenSipsTarget(parse(mi), parse(sip), null, ws);
    }
    OpenSipsDouble dbl = new OpenSipsDouble(o);
    dbl.start().toCompletionStage().toCompletableFuture().join();
    InetSocketAddress ws = dbl.webSocketAddress();
    return new OpenSipsTarget(
        dbl.miAddress(),
        dbl.sipAddress(),
        dbl,
        ws == null ? null : "ws://" + ws.getAddress().getHostAddress() + ":" + ws.getPort());
  }

  /** ws://host:port of the target's SIP WebSocket, or null when it has none. */
  public String webSocketUrl() {
    return webSocketUrl;
  }

  /** "127.0.0.1:8088" or "[::1]:5060". */
  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got " + hostPort);
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  public InetSocketAddress miAddress() {
    return mi;
  }

  public InetSocketAddress sipAddress() {
    return sip;
  }

  public boolean isDouble() {
    return dbl != null;
  }

  /** The double with its fault controls and wire log; skips the test against a real OpenSIPS. */
  public OpenSipsDouble requireDouble() {
    assumeTrue(isDouble(), "needs the OpenSIPS test double (fault controls)");
    return dbl;
  }

  /** Stops the double if this target started one; a real OpenSIPS is left alone. */
  @Override
  public void close() {
    if (dbl != null) {
      dbl.stop();
    }
  }
}
