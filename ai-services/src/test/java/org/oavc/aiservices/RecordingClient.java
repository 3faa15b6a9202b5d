package org.oavc.aiservices;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A Java-WebSocket client that records every JSON text message and the close code. */
abstract class RecordingClient extends WebSocketClient {
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  volatile int closeCode = -1;

  RecordingClient(URI uri, Map<String, String> headers) {
    super(uri, headers);
  }

  @Override
  public void onOpen(ServerHandshake handshake) {}

  @Override
  public void onMessage(String message) {
    received.add(new JsonObject(message));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    closeCode = code;
  }

  @Override
  public void onError(Exception e) {}
}
