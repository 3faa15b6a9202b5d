package org.oavc.connector.testdouble;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mi_datagram: one process, one queue, replies strictly in request order from the MI socket to each
 * request's source (facts 8-11), with OpenSIPS' JSON-RPC framing quirks (10).
 */
final class MiServer {
  /** mi_datagram's buffer: larger requests fail to parse, larger replies fail to send (10, 15). */
  static final int MAX_DATAGRAM = 65457;

  private static final byte[] PARSE_ERROR = "400 Parse_error".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] INTERNAL_ERROR =
      "500 Internal error".getBytes(StandardCharsets.US_ASCII);
  private static final Logger LOG = LoggerFactory.getLogger(MiServer.class);

  private final DoubleContext ctx;
  private final ExecutorService queue;
  final Map<String, DoubleMiCommand> commands = new HashMap<>();
  DatagramSocket socket;
  volatile boolean paused;
  final java.util.concurrent.atomic.AtomicLong dropped =
      new java.util.concurrent.atomic.AtomicLong();
  volatile long replyDelayMs;

  MiServer(DoubleContext ctx, ExecutorService queue) {
    this.ctx = ctx;
    this.queue = queue;
  }

  /** Called by the receive thread for every datagram; queued so replies keep request order. */
  void onDatagram(byte[] data, InetSocketAddress from) {
    if (paused) {
      dropped.incrementAndGet(); // OpenSIPS down: the datagram is lost
      return;
    }
    ctx.record("mi", false, socket, from, data);
    queue.execute(() -> process(data, from));
  }

  private void process(byte[] data, InetSocketAddress from) {
    byte[] reply;
    try {
      reply = handle(data);
    } catch (RuntimeException e) {
      LOG.warn("double: MI request failed unexpectedly", e);
      reply = INTERNAL_ERROR;
    }
    if (reply == null) {
      return;
    }
    if (reply.length > MAX_DATAGRAM) {
      reply = INTERNAL_ERROR;
    }
    long delay = replyDelayMs;
    if (delay > 0) {
      try {
        Thread.sleep(delay); // one MI process: a slow reply holds up the whole queue
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    ctx.send(socket, "mi", reply, from);
  }

  /** The reply datagram for one request, or null when OpenSIPS sends none. */
  byte[] handle(byte[] data) {
    if (data.length == 0) {
      return null;
    }
    if (data.length > MAX_DATAGRAM) {
      ctx.malformedMi.increment();
      return PARSE_ERROR;
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(Buffer.buffer(data));
    } catch (DecodeException e) {
      ctx.malformedMi.increment();
      return PARSE_ERROR;
    }
    if (!(parsed instanceof JsonObject req)) {
      ctx.malformedMi.increment();
      return error(null, new MiError(-32600, "Invalid Request"));
    }
    boolean hasId = req.containsKey("id");
    Object id = req.getValue("id");
    Object params = req.getValue("params");
    Object method = req.getValue("method");
    if (!"2.0".equals(req.getValue("jsonrpc"))
        || !(method instanceof String)
        || (params != null && !(params instanceof JsonObject) && !(params instanceof JsonArray))) {
      ctx.malformedMi.increment();
      return hasId ? error(id, new MiError(-32600, "Invalid Request")) : null;
    }
    DoubleMiCommand command = commands.get((String) method);
    String result;
    try {
      if (command == null) {
        throw new MiError(-32601, "Method not found");
      }
      result = onCore(command, params);
    } catch (MiError e) {
      return hasId ? error(id, e) : null;
    }
    if (!hasId) {
      return null;
    }
    String json =
        "{\"jsonrpc\":\"2.0\",\"result\":" + result + ",\"id\":" + JsonOut.value(id) + "}";
    return json.getBytes(StandardCharsets.ISO_8859_1);
  }

  private String onCore(DoubleMiCommand command, Object params) throws MiError {
    try {
      return ctx.core.submit(() -> command.run(params)).get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof MiError err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("core thread stuck", e);
    }
  }

  private static byte[] error(Object id, MiError e) {
    JsonOut err = new JsonOut().open().field("code", e.code).field("message", e.getMessage());
    if (e.data != null) {
      err.field("data", e.data);
    }
    String json =
        "{\"jsonrpc\":\"2.0\",\"error\":" + err.close() + ",\"id\":" + JsonOut.value(id) + "}";
    return json.getBytes(StandardCharsets.ISO_8859_1);
  }
}
