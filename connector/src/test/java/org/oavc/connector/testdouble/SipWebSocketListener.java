package org.oavc.connector.testdouble;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * proto_ws of the double: SIP over WebSocket (RFC 7118), one message per frame, subprotocol "sip".
 * As OpenSIPS 3.4 does (18-websocket-caller), a handshake without an Origin header is refused. Each
 * connection is known by its remote address, which the SIP core uses as the peer's address (what
 * fix_nated_contact() makes of a browser's *.invalid Contact); replies and requests to that address
 * go back over the same connection.
 */
final class SipWebSocketListener extends WebSocketServer {
  private static final Logger LOG = LoggerFactory.getLogger(SipWebSocketListener.class);

  private final Map<InetSocketAddress, WebSocket> peers = new ConcurrentHashMap<>();
  private final BiConsumer<byte[], InetSocketAddress> onMessage;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Exception startFailure;

  SipWebSocketListener(InetSocketAddress bind, BiConsumer<byte[], InetSocketAddress> onMessage) {
    super(bind, List.<Draft>of(new Draft_6455(List.of(), List.<IProtocol>of(new Protocol("sip")))));
    this.onMessage = onMessage;
    setReuseAddr(true);
    setDaemon(true);
  }

  /** Starts and waits for the bind (at most 5 s); the bound address after. */
  InetSocketAddress startAndBind() throws Exception {
    start();
    if (!started.await(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("SIP WebSocket listener did not start within 5 s");
    }
    if (startFailure != null) {
      throw startFailure;
    }
    return new InetSocketAddress(getAddress().getAddress(), getPort());
  }

  boolean isPeer(InetSocketAddress address) {
    return peers.containsKey(address);
  }

  /** Sends one SIP message to a connected peer; false when it is gone. */
  boolean send(InetSocketAddress to, byte[] message) {
    WebSocket ws = peers.get(to);
    if (ws == null || !ws.isOpen()) {
      return false;
    }
    ws.send(new String(message, StandardCharsets.ISO_8859_1));
    return true;
  }

  @Override
  public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(
      WebSocket conn, Draft draft, ClientHandshake request) throws InvalidDataException {
    if (!request.hasFieldValue("Origin")) {
      throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "Origin header not present!");
    }
    return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    peers.put(conn.getRemoteSocketAddress(), conn);
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    if (conn.getRemoteSocketAddress() != null) {
      peers.remove(conn.getRemoteSocketAddress(), conn);
    }
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    onMessage.accept(message.getBytes(StandardCharsets.ISO_8859_1), conn.getRemoteSocketAddress());
  }

  @Override
  public void onMessage(WebSocket conn, ByteBuffer message) {
    byte[] b = new byte[message.remaining()];
    message.get(b);
    onMessage.accept(b, conn.getRemoteSocketAddress());
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    if (conn == null) {
      startFailure = ex; // the bind failed
      started.countDown();
    } else {
      LOG.info("double: SIP WebSocket {}: {}", conn.getRemoteSocketAddress(), ex.toString());
    }
  }

  @Override
  public void onStart() {
    started.countDown();
  }
}
