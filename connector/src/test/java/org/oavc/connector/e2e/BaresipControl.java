package org.oavc.connector.e2e;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * baresip's ctrl_tcp interface: JSON objects framed as netstrings ("len:json,") both ways. Commands
 * are the menu module's (dial, hold, resume, sndcode, hangup, quit); baresip answers each with
 * {"response":true,"ok":..,"token":..} and reports call progress as {"event":true,"type":..}.
 * Blocking I/O on a reader thread of its own: this is test code driving an external process.
 */
final class BaresipControl implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MAX_FRAME = 1 << 20;

  private final Socket socket;
  private final OutputStream out;
  private final List<JsonObject> received = new ArrayList<>();
  private final AtomicInteger tokens = new AtomicInteger();
  private final Thread reader;

  private BaresipControl(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    this.reader = new Thread(() -> readLoop(in), "baresip-ctrl");
    reader.setDaemon(true);
    reader.start();
  }

  /** Connects, retrying until baresip listens (it binds ctrl_tcp a moment after it started). */
  static BaresipControl connect(int port, Process process) {
    return await("baresip ctrl_tcp on port " + port)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(e -> e instanceof IOException && process.isAlive())
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("baresip exited with " + process.exitValue());
              }
              Socket s = new Socket();
              try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return new BaresipControl(s);
              } catch (IOException e) {
                s.close();
                throw e;
              }
            },
            c -> c != null);
  }

  /** Runs a menu command; returns baresip's response (its "ok" says whether it ran). */
  JsonObject command(String name, String params) throws IOException {
    String token = name + "-" + tokens.incrementAndGet();
    JsonObject cmd = new JsonObject().put("command", name).put("token", token);
    if (params != null) {
      cmd.put("params", params);
    }
    byte[] json = cmd.encode().getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write((json.length + ":").getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.write(',');
      out.flush();
    }
    return awaitMessage(
        "response to " + cmd.encode(),
        m -> m.getBoolean("response", false) && token.equals(m.getString("token")));
  }

  /** Runs a command and fails unless baresip says it ran. */
  JsonObject commandOk(String name, String params) throws IOException {
    JsonObject r = command(name, params);
    if (!r.getBoolean("ok", false)) {
      throw new IllegalStateException(
          "baresip refused '" + name + " " + params + "': " + r.encode());
    }
    return r;
  }

  /** The first event of {@code type} received so far or within the wait. */
  JsonObject awaitEvent(String type) {
    return awaitMessage(
        "baresip event " + type,
        m -> m.getBoolean("event", false) && type.equals(m.getString("type")));
  }

  /** Events of {@code type} received so far. */
  List<JsonObject> events(String type) {
    synchronized (received) {
      return received.stream()
          .filter(m -> m.getBoolean("event", false) && type.equals(m.getString("type")))
          .toList();
    }
  }

  private JsonObject awaitMessage(String what, Predicate<JsonObject> match) {
    return await(what).atMost(WAIT).until(() -> find(match), Optional::isPresent).orElseThrow();
  }

  private Optional<JsonObject> find(Predicate<JsonObject> match) {
    synchronized (received) {
      return received.stream().filter(match).findFirst();
    }
  }

  private void readLoop(InputStream in) {
    try {
      while (true) {
        JsonObject m = readNetstring(in);
        if (m == null) {
          return;
        }
        synchronized (received) {
          received.add(m);
        }
      }
    } catch (IOException | RuntimeException e) {
      // closed, or baresip wrote something that is not a JSON netstring: the awaits then time out
    }
  }

  /** One "len:payload," frame as JSON; null at the end of the stream. */
  private static JsonObject readNetstring(InputStream in) throws IOException {
    int length = 0;
    int c = in.read();
    if (c < 0) {
      return null;
    }
    while (c != ':') {
      if (c < '0' || c > '9' || length > MAX_FRAME) {
        throw new IOException("not a netstring length: " + (char) c);
      }
      length = length * 10 + (c - '0');
      c = in.read();
    }
    byte[] payload = in.readNBytes(length);
    if (payload.length < length || in.read() != ',') {
      throw new IOException("truncated netstring");
    }
    return new JsonObject(new String(payload, StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
