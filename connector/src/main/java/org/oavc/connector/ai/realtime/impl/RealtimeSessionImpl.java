package org.oavc.connector.ai.realtime.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiUnavailableException;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.WebSocketSendBound;
import org.oavc.connector.ai.realtime.RealtimeFlavor;
import org.oavc.connector.ai.realtime.RealtimeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A realtime session: owns the WebSocket (connect, one reconnect with the conversation restored,
 * close) and the caller's audio uplink; the protocol state is in {@link RealtimeConversation}.
 * Everything runs on the call's context.
 */
public final class RealtimeSessionImpl implements AiSession, RealtimeSocket.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeSessionImpl.class);

  private final Vertx vertx;
  private final RealtimeOptions options;
  private final AiCallInfo info;
  private final AgentProfile profile;
  private final AudioLink audio;
  private final ClientEvents events;
  private final FlavorMetrics metrics;
  private final AudioBatcher uplink;
  private final WebSocketSendBound sendBound;
  private AiCall call;
  private Context context;
  private RealtimeConversation conversation;
  private RealtimeSocket socket;
  private Promise<Void> configuring;
  private long configureTimer = -1;
  private boolean reconnectAllowed = true;
  private long reconnectTimer = -1;
  private boolean failed;
  private boolean closed;
  private Future<Void> closing;

  public RealtimeSessionImpl(
      Vertx vertx, RealtimeOptions options, AiCallInfo info, AgentProfile profile) {
    this.vertx = vertx;
    this.options = options;
    this.info = info;
    this.profile = profile;
    this.audio = new AudioLink(AudioFormat.forCall(info, options.isG711Passthrough()));
    this.events = new ClientEvents(options.isBeta());
    this.metrics = new FlavorMetrics(options.getMeterRegistry(), RealtimeFlavor.FLAVOR);
    this.sendBound = new WebSocketSendBound(options.getLimits());
    this.uplink =
        new AudioBatcher(audio.sessionRate() * options.getBatchMillis() / 1000, this::sendAudio);
  }

  @Override
  public int sampleRate() {
    return audio.sessionRate();
  }

  @Override
  public Future<Void> start(AiCall call) {
    this.call = call;
    this.context = call.context();
    this.conversation =
        new RealtimeConversation(call, audio, events, metrics, this::send, options.getLimits());
    Promise<Void> started = Promise.promise();
    context.runOnContext(
        v ->
            connect()
                .onComplete(
                    done -> {
                      if (done.failed()) {
                        started.fail(done.cause());
                        return;
                      }
                      if (!call.earlierTurns().isEmpty()) {
                        // Carried on from a dead node: its conversation as items, no greeting.
                        conversation.prime(call.earlierTurns());
                        conversation.restoreEvents().forEach(this::send);
                      } else if (profile.greeting() != null && !profile.greeting().isBlank()) {
                        conversation.greet(profile.greeting());
                      }
                      started.complete();
                    }));
    return started.future();
  }

  /** Connects, then configures the session; the socket is only kept if we are not closed yet. */
  private Future<Void> connect() {
    URI uri;
    try {
      uri = uri(options.getUrl(), options.getModel());
    } catch (URISyntaxException e) {
      return Future.failedFuture(
          new AiUnavailableException(
              // the reason and position only: the message quotes the URL, key and all
              "REALTIME_URL is not a URI: " + e.getReason() + " at index " + e.getIndex()));
    }
    return RealtimeSocket.connect(context, uri, headers(), options.getConnectTimeoutMillis(), this)
        .recover(
            e -> {
              metrics.backendError("connect");
              return Future.failedFuture(
                  e instanceof AiUnavailableException
                      ? e
                      : new AiUnavailableException("realtime back end not reachable: " + e, e));
            })
        .compose(
            s -> {
              if (closed) {
                s.close();
                return Future.failedFuture(
                    new AiUnavailableException("session closed while connecting"));
              }
              socket = s;
              sendBound.reset();
              return configure();
            });
  }

  /**
   * Sends session.update and waits for session.updated, within the connect timeout: a peer that
   * accepts the WebSocket but refuses or ignores the session is as unavailable as one that does not
   * answer at all.
   */
  private Future<Void> configure() {
    configuring = Promise.promise();
    Future<Void> configured = configuring.future();
    int timeout = options.getConnectTimeoutMillis();
    configureTimer =
        vertx.setTimer(
            timeout,
            t -> {
              configureTimer = -1;
              finishConfiguring(
                  new AiUnavailableException(
                      "realtime back end did not confirm the session within " + timeout + " ms"));
            });
    send(events.sessionUpdate(audio.wire(), profile, options.getTranscriptionModel()));
    return configured;
  }

  private void watchConfiguration(String text) {
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (RuntimeException e) {
      return; // the conversation counts malformed events
    }
    String type = event.getString("type", "");
    if (type.equals("session.updated")) {
      if (audio.wire() != AudioFormat.PCM16
          && AudioFormat.PCM16.confirmedIn(event.getJsonObject("session"))) {
        audio.fallBackToPcm16(); // the back end kept PCM16 instead of our G.711 format
      }
      finishConfiguring(null);
    } else if (type.equals("error")) {
      JsonObject error = event.getJsonObject("error", new JsonObject());
      if (audio.wire() != AudioFormat.PCM16) {
        // Perhaps the G.711 format was refused: ask once more with PCM16, resampling ourselves.
        LOG.info(
            "call {}: realtime back end refused the G.711 session ({}); retrying with PCM16 24 kHz",
            info.key(),
            error.getString("message"));
        audio.fallBackToPcm16();
        send(events.sessionUpdate(audio.wire(), profile, options.getTranscriptionModel()));
        return;
      }
      finishConfiguring(
          new AiUnavailableException(
              "realtime back end refused the session: "
                  + error.getString("code", "")
                  + " "
                  + error.getString("message", "")));
    }
  }

  /** Ends the set-up; on failure the half-configured socket is closed and forgotten. */
  private void finishConfiguring(Throwable failure) {
    Promise<Void> pending = configuring;
    if (pending == null) {
      return;
    }
    configuring = null;
    if (configureTimer >= 0) {
      vertx.cancelTimer(configureTimer);
      configureTimer = -1;
    }
    if (failure == null) {
      pending.complete();
      return;
    }
    if (!closed) {
      metrics.backendError("connect");
    }
    RealtimeSocket s = socket;
    socket = null;
    if (s != null) {
      s.close();
    }
    pending.fail(failure);
  }

  /** Adds {@code model} as a query parameter for OpenAI's hosts, which select the model so. */
  static URI uri(String url, String model) throws URISyntaxException {
    URI uri = new URI(url);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase();
    boolean openAi = host.equals("openai.com") || host.endsWith(".openai.com");
    String query = uri.getRawQuery();
    if (!openAi
        || model == null
        || model.isBlank()
        || (query != null && query.matches("(^|.*&)model=.*"))) {
      return uri;
    }
    String param =
        "model=" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new URI(
        uri.getScheme()
            + "://"
            + uri.getRawAuthority()
            + path
            + "?"
            + (query == null ? param : query + "&" + param));
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (options.getApiKey() != null && !options.getApiKey().isBlank()) {
      headers.put("Authorization", "Bearer " + options.getApiKey());
    }
    if (options.isBeta()) {
      headers.put("OpenAI-Beta", "realtime=v1");
    }
    return headers;
  }

  private void send(JsonObject event) {
    if (!closed && socket != null) {
      socket.send(event.encode());
    }
  }

  /**
   * One batch of caller audio, if the socket's send queue has room: a back end that stops reading
   * must not grow our memory, and one that stays stopped past AI_SEND_STALL_MS is failed.
   */
  private void sendAudio(short[] pcm, int length) {
    RealtimeSocket s = socket;
    if (closed || s == null) {
      return;
    }
    switch (s.judge(sendBound)) {
      case SEND -> s.send(events.append(audio.toWire(pcm, length)).encode());
      case DROP -> metrics.sendQueueOverflow();
      case STALLED -> {
        metrics.sendStalled();
        socket = null;
        uplink.clear();
        s.close();
        fail(
            new AiUnavailableException(
                "realtime back end stopped reading: "
                    + sendBound.maxBytes() / 1024
                    + " KB unsent for over "
                    + sendBound.stallMillis()
                    + " ms"));
      }
    }
  }

  @Override
  public void onCallerAudio(short[] pcm) {
    if (closed || socket == null) {
      metrics.callerFrameDropped();
      return;
    }
    uplink.add(pcm);
  }

  @Override
  public void onCallerText(String text) {
    if (!closed && text != null && !text.isBlank()) {
      conversation.callerText(text);
    }
  }

  @Override
  public void onBargeIn(long playedMillis) {
    // The conversation measures what was heard against its own mark of the playing item.
    if (!closed && conversation != null) {
      conversation.bargeIn();
    }
  }

  @Override
  public void beforeHangUp() {
    // The goodbye item is never superseded by a next one: record its turn now, not at close.
    if (!closed && conversation != null) {
      conversation.end();
    }
  }

  @Override
  public void onText(RealtimeSocket from, String text) {
    if (from == socket && !closed) {
      if (configuring != null) {
        watchConfiguration(text);
      }
      conversation.onServerText(text);
    }
  }

  @Override
  public void onClosed(RealtimeSocket from, int code, String reason) {
    if (from != socket || closed) {
      return;
    }
    if (configuring != null) {
      // Lost during set-up: that connect attempt failed, its caller decides what follows.
      finishConfiguring(
          new AiUnavailableException("realtime WebSocket closed during set-up (" + code + ")"));
      return;
    }
    socket = null;
    uplink.clear();
    // A connection that carried a whole answer since the last reconnect earns a new one.
    boolean mayReconnect = reconnectAllowed || conversation.completedResponse();
    conversation.connectionLost();
    String why =
        "realtime WebSocket closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")";
    if (!mayReconnect) {
      fail(new AiUnavailableException(why + " again after a reconnect"));
      return;
    }
    reconnectAllowed = false;
    metrics.reconnect();
    LOG.warn(
        "call {}: {}; reconnecting in {} ms", info.key(), why, options.getReconnectBackoffMillis());
    reconnectTimer =
        vertx.setTimer(
            Math.max(1, options.getReconnectBackoffMillis()),
            t -> {
              reconnectTimer = -1;
              if (closed) {
                return;
              }
              connect()
                  .onComplete(
                      done -> {
                        if (done.failed()) {
                          fail(done.cause());
                          return;
                        }
                        conversation.restoreEvents().forEach(this::send);
                        LOG.info(
                            "call {}: realtime WebSocket reconnected, conversation restored",
                            info.key());
                      });
            });
  }

  private void fail(Throwable cause) {
    if (failed || closed) {
      return;
    }
    failed = true;
    LOG.warn("call {}: realtime back end lost: {}", info.key(), cause.getMessage());
    call.failed(cause);
  }

  @Override
  public Future<Void> close() {
    if (closing != null) {
      return closing;
    }
    closed = true;
    RealtimeSocket s = socket;
    socket = null;
    finishConfiguring(new AiUnavailableException("session closed while connecting"));
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
      reconnectTimer = -1;
    }
    if (conversation != null) {
      conversation.end();
    }
    closing = s == null ? Future.succeededFuture() : s.close();
    return closing;
  }
}
