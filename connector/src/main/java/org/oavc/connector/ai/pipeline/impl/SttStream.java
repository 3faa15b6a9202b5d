package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.oavc.common.net.UrlRedaction;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.WebSocketSendBound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's speech-to-text stream in the Vosk server protocol: a config message with the sample
 * rate, then binary PCM16 LE frames, answered by {"partial": ...} and {"text": ...} results; {"eof"
 * : 1} before closing. Socket callbacks come on Java-WebSocket's own threads and hop to the call's
 * context before reaching the {@link Listener}.
 */
final class SttStream {
  private static final Logger LOG = LoggerFactory.getLogger(SttStream.class);

  /** Called on the call's context. */
  interface Listener {
    void onPartial(String text);

    void onFinal(String text);

    /** The socket closed or failed without us asking. */
    void onDropped(String reason);

    /** The service stopped reading our audio for longer than AI_SEND_STALL_MS: it is failed. */
    void onStalled(String reason);
  }

  private final Context context;
  private final URI uri;
  private final int sampleRate;
  private final long timeoutMillis;
  private final WebSocketSendBound sendBound;
  private final Listener listener;
  private final FlavorMetrics metrics;

  /** The socket in use; a replaced or closed one's late callbacks are ignored. */
  private Client current;

  private boolean closed;

  SttStream(
      Context context,
      URI uri,
      int sampleRate,
      long timeoutMillis,
      WebSocketSendBound sendBound,
      Listener listener,
      FlavorMetrics metrics) {
    this.context = context;
    this.sendBound = sendBound;
    this.uri = uri;
    this.sampleRate = sampleRate;
    this.timeoutMillis = timeoutMillis;
    this.listener = listener;
    this.metrics = metrics;
  }

  /** Opens a new socket (off the event loop) and sends the config; fails with AiUnavailable. */
  Future<Void> connect() {
    Client client = new Client(uri);
    current = client;
    sendBound.reset();
    return context
        .<Void>executeBlocking(
            () -> {
              boolean open;
              try {
                open = client.connectBlocking(timeoutMillis, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                open = false;
              }
              if (!open) {
                client.close();
                throw new AiUnavailableException(
                    "speech-to-text at "
                        + UrlRedaction.redact(uri)
                        + " unreachable"
                        + (client.failure != null
                            ? ": " + client.failure
                            : " within " + timeoutMillis + " ms"));
              }
              return null; // the config went out in onOpen, before any audio can pass send()
            },
            false)
        .onFailure(e -> metrics.backendError("stt"))
        .compose(
            v -> {
              if (closed || current != client) {
                client.close();
                return Future.failedFuture(
                    new AiUnavailableException("speech-to-text stream closed while connecting"));
              }
              return Future.succeededFuture();
            });
  }

  /**
   * Sends one frame; false when the socket is not open (the frame is dropped). A frame the send
   * queue has no room for is dropped and counted, and a queue full for too long fails the stream.
   */
  boolean send(short[] pcm) {
    Client client = current;
    if (closed || client == null || !client.configured || !client.isOpen()) {
      return false;
    }
    switch (sendBound.next(client)) {
      case SEND -> {}
      case DROP -> {
        metrics.sendQueueOverflow();
        return true;
      }
      case STALLED -> {
        metrics.sendStalled();
        current = null; // its late callbacks are ignored from now on
        context.executeBlocking(
            () -> {
              // no close handshake could get through a peer that does not read
              WebSocketSendBound.abort(client, "send queue stalled");
              return null;
            },
            false);
        listener.onStalled(
            "stopped reading: "
                + sendBound.maxBytes() / 1024
                + " KB unsent for over "
                + sendBound.stallMillis()
                + " ms");
        return true;
      }
    }
    ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2);
    for (short s : pcm) {
      bytes.put((byte) s).put((byte) (s >> 8));
    }
    bytes.flip();
    client.send(bytes);
    return true;
  }

  /** Sends eof and closes; idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    Client client = current;
    current = null;
    if (client != null) {
      if (client.isOpen()) {
        client.send("{\"eof\" : 1}");
      }
      client.close();
    }
  }

  private void onMessage(Client client, String text) {
    if (client != current) {
      return;
    }
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      metrics.backendError("stt");
      LOG.warn("speech-to-text sent a message that is not JSON, ignored: {}", abbreviate(text));
      return;
    }
    if (message.getValue("text") instanceof String t) {
      listener.onFinal(t.trim());
    } else if (message.getValue("partial") instanceof String p) {
      listener.onPartial(p.trim());
    }
  }

  private void onClose(Client client, String reason) {
    if (client != current || closed) {
      return;
    }
    current = null;
    metrics.backendError("stt");
    listener.onDropped(reason);
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** Java-WebSocket client whose callbacks hop to the call's context. */
  private final class Client extends WebSocketClient {
    private volatile String failure;
    private volatile boolean opened;

    /** Set once the config message is sent: the service closes a stream whose audio comes first. */
    private volatile boolean configured;

    Client(URI uri) {
      // The TCP connect gets the same bound as the whole handshake (0 would wait forever).
      super(uri, new Draft_6455(), null, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      setConnectionLostTimeout(30);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      opened = true;
      send(
          new JsonObject().put("config", new JsonObject().put("sample_rate", sampleRate)).encode());
      configured = true;
    }

    @Override
    public void onMessage(String message) {
      context.runOnContext(v -> SttStream.this.onMessage(this, message));
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      // The Vosk protocol only answers in text; binary is ignored.
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      if (opened) {
        String why =
            "closed with " + code + (reason == null || reason.isEmpty() ? "" : " " + reason);
        context.runOnContext(v -> SttStream.this.onClose(this, why));
      }
    }

    @Override
    public void onError(Exception e) {
      failure = e.toString();
      LOG.debug(
          "speech-to-text socket {} failed: {}",
          UrlRedaction.redact(uri),
          UrlRedaction.scrub(e.toString()));
    }
  }
}
