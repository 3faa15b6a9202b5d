package org.oavc.connector.testdouble;

import io.vertx.core.Future;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process stand-in for OpenSIPS 3.4.18 running opensips-test.cfg: mi_datagram, event_datagram
 * (E_UA_SESSION) and a b2b_entities UAS, byte-compatible with the wire captures.
 *
 * <p>Threads, not an event loop: {@link #start()} binds every socket synchronously and returns an
 * already completed Future; {@link #stop()} closes them and waits at most 5 s for the threads. All
 * state lives on one core thread; MI requests go through one queue (one MI process).
 */
public final class OpenSipsDouble implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenSipsDouble.class);
  private final OpenSipsDoubleOptions options;
  private final ScheduledExecutorService core;
  private final ExecutorService miQueue;
  private final DoubleContext ctx;
  private final SessionTable table;
  private final MiServer mi;
  private final MiCoreCommands coreCommands;
  private final B2bUas uas;
  private final List<Thread> receivers = new ArrayList<>();
  private volatile boolean running;

  public OpenSipsDouble(OpenSipsDoubleOptions options) {
    this.options = options;
    this.core = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "opensips-double-core"));
    this.miQueue = Executors.newSingleThreadExecutor(r -> daemon(r, "opensips-double-mi"));
    this.ctx = new DoubleContext(options, core);
    this.table = new SessionTable(options.getKeyGenerator());
    B2bClient client = new B2bClient(ctx, table);
    this.uas = new B2bUas(ctx, table, client);
    this.mi = new MiServer(ctx, miQueue);
    this.coreCommands = new MiCoreCommands(ctx);
    HashMap<String, DoubleMiCommand> commands = new HashMap<>();
    coreCommands.register(commands);
    new UaSessionCommands(ctx, table, uas, client).register(commands);
    mi.commands.putAll(commands);
  }

  /** Binds MI, SIP and the event source sockets; the Future is already complete. */
  public Future<OpenSipsDouble> start() {
    try {
      InetAddress host = InetAddress.getByName(options.getHost());
      InetAddress sipHost = InetAddress.getByName(options.getSipHost());
      ctx.sipSocket = new DatagramSocket(new InetSocketAddress(sipHost, options.getSipPort()));
      mi.socket = new DatagramSocket(new InetSocketAddress(host, options.getMiPort()));
      if (options.getWebSocketPort() >= 0) {
        ctx.webSocket =
            new SipWebSocketListener(
                new InetSocketAddress(sipHost, options.getWebSocketPort()), this::onWebSocketSip);
        ctx.webSocketAddress = ctx.webSocket.startAndBind();
      }
      for (int port : options.getEventSourcePorts()) {
        ctx.eventSockets.add(new DatagramSocket(new InetSocketAddress(host, port)));
      }
    } catch (Exception e) {
      closeSockets();
      core.shutdownNow();
      miQueue.shutdownNow();
      return Future.failedFuture(e);
    }
    running = true;
    receive(
        ctx.sipSocket,
        "opensips-double-sip",
        (d, from) -> {
          ctx.record("sip", false, ctx.sipSocket, from, d);
          toCore(d, from);
        });
    receive(mi.socket, "opensips-double-mi-rx", mi::onDatagram);
    return Future.succeededFuture(this);
  }

  private void onWebSocketSip(byte[] d, InetSocketAddress from) {
    ctx.wire.add(
        new WireRecord(java.time.Instant.now(), "sip", false, ctx.webSocketAddress, from, d));
    toCore(d, from);
  }

  /** One SIP message (datagram or WebSocket frame) to the SIP core. */
  private void toCore(byte[] d, InetSocketAddress from) {
    core.execute(
        () -> {
          try {
            uas.onDatagram(d, from);
          } catch (RuntimeException e) {
            // a message the double cannot handle must not kill the core thread
            ctx.malformedSip.increment();
            LOG.warn("double: SIP message from {} failed", from, e);
          }
        });
  }

  /** Where proto_ws listens (null when the options asked for none). */
  public InetSocketAddress webSocketAddress() {
    return ctx.webSocketAddress;
  }

  /** Closes every socket and stops the threads (bounded: 5 s). */
  public Future<Void> stop() {
    running = false;
    closeSockets();
    core.shutdownNow();
    miQueue.shutdownNow();
    try {
      for (Thread t : receivers) {
        t.join(5000);
      }
      core.awaitTermination(5, TimeUnit.SECONDS);
      miQueue.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    stop();
  }

  public InetSocketAddress miAddress() {
    return (InetSocketAddress) mi.socket.getLocalSocketAddress();
  }

  public InetSocketAddress sipAddress() {
    return (InetSocketAddress) ctx.sipSocket.getLocalSocketAddress();
  }

  /** The source addresses events leave from, one per simulated SIP worker. */
  public List<InetSocketAddress> eventSourceAddresses() {
    return ctx.eventSockets.stream()
        .map(s -> (InetSocketAddress) s.getLocalSocketAddress())
        .toList();
  }

  /** Simulated restart: subscriptions, sessions and cache lost silently; "Up since" changes. */
  public void restart() {
    onCore(
        () -> {
          ctx.subscribers.clear();
          table.clear();
          coreCommands.restarted();
        });
  }

  /** The session timer firing now: BYE if established, no event, session gone (12). */
  public void expireSession(String key) {
    onCore(() -> uas.expire(key));
  }

  /** OpenSIPS down: MI datagrams are dropped unanswered until {@link #resumeMi()}. */
  public void pauseMi() {
    mi.paused = true;
  }

  public void resumeMi() {
    mi.paused = false;
  }

  /** MI datagrams dropped while paused, so tests can wait for a drop before resuming. */
  public long droppedMiRequests() {
    return mi.dropped.get();
  }

  /** Every MI reply waits this long (and, one MI process, holds up those behind it). */
  public void delayMiReplies(long millis) {
    mi.replyDelayMs = millis;
  }

  /** Keys of the live sessions, in creation order. */
  public List<String> sessionKeys() {
    return onCore(() -> List.copyOf(table.byKey.keySet()));
  }

  /** Every datagram seen or sent so far, in order (SIP, MI and events). */
  public List<WireRecord> wire() {
    synchronized (ctx.wire) {
      return List.copyOf(ctx.wire);
    }
  }

  public List<WireRecord> sipSent() {
    return filter("sip", true);
  }

  public List<WireRecord> sipReceived() {
    return filter("sip", false);
  }

  public List<WireRecord> miRequests() {
    return filter("mi", false);
  }

  public List<WireRecord> miReplies() {
    return filter("mi", true);
  }

  public List<WireRecord> eventsSent() {
    return filter("event", true);
  }

  private List<WireRecord> filter(String channel, boolean outgoing) {
    return wire().stream()
        .filter(r -> r.channel().equals(channel) && r.outgoing() == outgoing)
        .toList();
  }

  private void onCore(Runnable r) {
    onCore(
        () -> {
          r.run();
          return null;
        });
  }

  private <T> T onCore(java.util.concurrent.Callable<T> c) {
    try {
      return core.submit(c).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("double core thread failed", e);
    }
  }

  private void receive(
      DatagramSocket socket, String name, BiConsumer<byte[], InetSocketAddress> sink) {
    Thread t =
        daemon(
            () -> {
              byte[] buf = new byte[65535];
              while (running) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                  socket.receive(p);
                } catch (IOException e) {
                  return; // closed by stop()
                }
                sink.accept(
                    Arrays.copyOf(p.getData(), p.getLength()),
                    (InetSocketAddress) p.getSocketAddress());
              }
            },
            name);
    receivers.add(t);
    t.start();
  }

  private void closeSockets() {
    if (ctx.sipSocket != null) {
      ctx.sipSocket.close();
    }
    if (mi.socket != null) {
      mi.socket.close();
    }
    ctx.eventSockets.forEach(DatagramSocket::close);
    if (ctx.webSocket != null) {
      try {
        ctx.webSocket.stop(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
