package org.oavc.connector.daemon;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Plays OpenSIPS for the signalling warm-up, on one loopback socket: sends a captured NEW event per
 * call, answers every MI request "OK" as mi_datagram does, and ends each answered call with the
 * captured caller BYE (TERMINATED). The events are real OpenSIPS 3.4 datagrams (wire sample 02),
 * with a fresh key per call.
 */
final class WarmupOpenSips {
  /** The key in the captured datagrams, replaced per call. */
  private static final String CAPTURED_KEY = "B2B.66.426.1795386573.387449857";

  private static final String NEW_EVENT = resource("warmup-new.json");
  private static final String BYE_EVENT = resource("warmup-bye.json");

  private final DatagramSocket socket;
  private final Promise<Integer> played = Promise.promise();
  private int eventPort;
  private int calls;
  private int started;
  private int finished;
  private int answered;

  WarmupOpenSips(Vertx vertx) {
    this.socket = vertx.createDatagramSocket();
  }

  /** Binds an ephemeral loopback port: the MI port of the warm-up's MiClient. */
  Future<Integer> listen() {
    socket.handler(this::onMiRequest);
    return socket.listen(0, "127.0.0.1").map(s -> s.localAddress().port());
  }

  /**
   * Places {@code calls} calls, {@code inFlight} at a time, towards the event listener on {@code
   * eventPort}; completes with how many were answered with 200 and an SDP once every call got its
   * final reply (and, if answered, its BYE).
   */
  Future<Integer> play(int calls, int inFlight, int eventPort) {
    this.calls = calls;
    this.eventPort = eventPort;
    for (int i = 0; i < inFlight && started < calls; i++) {
      startCall();
    }
    if (calls == 0) {
      played.tryComplete(0);
    }
    return played.future();
  }

  private void startCall() {
    send(NEW_EVENT.replace(CAPTURED_KEY, "warmup." + started++));
  }

  private void onMiRequest(DatagramPacket packet) {
    JsonObject request = packet.data().toJsonObject();
    socket.send(
        Buffer.buffer(
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("result", "OK")
                .put("id", request.getValue("id"))
                .encode()),
        packet.sender().port(),
        "127.0.0.1");
    JsonObject params = request.getJsonObject("params", new JsonObject());
    if (!"ua_session_reply".equals(request.getString("method"))
        || !"INVITE".equals(params.getString("method"))) {
      return;
    }
    int code = params.getInteger("code", 0);
    if (code < 200) {
      return; // 180 Ringing: the final reply follows
    }
    if (code == 200) {
      answered +=
          params.getString("body", "").contains("m=audio")
              ? 1
              : 0; // an SDP answer, as OpenSIPS needs
      send(BYE_EVENT.replace(CAPTURED_KEY, params.getString("key")));
    }
    finished++;
    if (started < calls) {
      startCall();
    } else if (finished == calls) {
      played.tryComplete(answered);
    }
  }

  private void send(String event) {
    socket.send(Buffer.buffer(event), eventPort, "127.0.0.1");
  }

  Future<Void> close() {
    played.tryFail("warm-up stopped");
    return socket.close();
  }

  private static String resource(String name) {
    try (InputStream in = WarmupOpenSips.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
