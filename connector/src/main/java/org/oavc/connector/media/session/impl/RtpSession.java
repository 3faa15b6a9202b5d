package org.oavc.connector.media.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.media.rtp.JitterBufferOptions;
import org.oavc.connector.media.session.AudioSink;
import org.oavc.connector.media.session.MediaClock;
import org.oavc.connector.media.session.MediaQuality;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.SdpNegotiation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media engine of one call: RTP (and RTCP on port + 1 unless muxed) on the call's port. The
 * receive side and RTCP run on one event loop picked for the session; the send side is paced by
 * the shared {@link MediaClock}, one packet per frame time from the moment a usable remote
 * address is known, and sent to the latched source once the caller's packets arrive (symmetric
 * RTP).
 */
public final class RtpSession implements MediaSession {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");

  private final Vertx vertx;
  private final ContextInternal context;
  private final RtpSessionOptions options;
  private final MediaClock clock;
  private final MediaMetrics metrics;
  private final String callKey;
  private final int port;
  private final DatagramSocket rtp;
  private final RtpSender sender;
  private final RtpReceiver receiver;
  private final RtcpReporter rtcp;
  private final Handler<Void> frame;
  private final byte[] rtcpOut = new byte[1500];
  private DatagramSocket rtcpSocket;
  private volatile SdpNegotiation negotiation;
  private volatile InetSocketAddress latched;
  private volatile Consumer<DtmfDigit> dtmfHandler = d -> {};
  private volatile PlayoutTap playoutTap;
  private MediaClock.Registration pacing;
  private long pacingTimer = -1;
  private int pacedPtime;
  private long rtcpTimer = -1;
  private InetSocketAddress lastSource;
  private volatile long invalid;
  private volatile boolean closing;
  private Future<Void> closed;

  private RtpSession(Vertx vertx, ContextInternal context, RtpSessionOptions options, MediaClock clock,
      MediaMetrics metrics, String callKey, int port) {
    this.vertx = vertx;
    this.context = context;
    this.options = options;
    this.clock = clock;
    this.metrics = metrics;
    this.callKey = callKey;
    this.port = port;
    this.rtp = vertx.createDatagramSocket(socketOptions(options));
    this.sender = new RtpSender(ThreadLocalRandom.current().nextInt(), this::transmit);
    this.receiver = new RtpReceiver(options.getLatchThreshold(), this::onDigit);
    this.rtcp = new RtcpReporter(sender, receiver, "oavc-" + callKey, metrics);
    this.frame = v -> frame();
  }

  private static DatagramSocketOptions socketOptions(RtpSessionOptions options) {
    // A bigger buffer rides out bursts while the event loop is busy (capped by net.core.rmem_max).
    return new DatagramSocketOptions().setReceiveBufferSize(options.getReceiveBufferBytes());
  }

  /** Binds the RTP port on an event loop of its own; the future fails when the bind does. */
  public static Future<MediaSession> open(Vertx vertx, RtpSessionOptions options, MediaClock clock,
      MediaMetrics metrics, String callKey, int port) {
    VertxInternal vx = (VertxInternal) vertx;
    ContextInternal ctx = vx.createEventLoopContext();
    // Completed on the caller's context: the call layer relies on staying on its own event loop.
    Promise<MediaSession> result = vx.getOrCreateContext().promise();
    ctx.runOnContext(v -> {
      RtpSession s = new RtpSession(vertx, ctx, options, clock, metrics, callKey, port);
      s.rtp.handler(s::onRtpDatagram);
      s.rtp.listen(port, options.getBindIp()).onComplete(ar -> {
        if (ar.succeeded()) {
          metrics.active.incrementAndGet();
          result.complete(s);
        } else {
          s.rtp.close();
          result.fail(ar.cause());
        }
      });
    });
    return result.future();
  }

  @Override
  public int localPort() {
    return port;
  }

  @Override
  public void apply(SdpNegotiation n) {
    applyAsync(n);
  }

  /** {@link #apply}, completing once the receive side runs with the new negotiation. */
  public Future<Void> applyAsync(SdpNegotiation n) {
    Objects.requireNonNull(n, "negotiation");
    Promise<Void> applied = ((VertxInternal) vertx).getOrCreateContext().promise();
    Codec c = n.codec();
    AudioCodec tx;
    AudioCodec rx;
    AudioCodec silence;
    try {
      tx = create(c);
      rx = create(c);
      silence = create(c);
    } catch (IllegalArgumentException e) {
      log.error("key={} no media: {}", callKey, e.getMessage());
      return Future.failedFuture(e);
    }
    SdpNegotiation previous = negotiation;
    sender.configure(tx, silence, c.payloadType(), n.ptimeMs(), n.telephoneEventPayloadType(), options.getDtmfVolume());
    negotiation = n;
    boolean moved = previous != null && !Objects.equals(previous.remoteRtp(), n.remoteRtp());
    context.runOnContext(v -> {
      if (closing) {
        applied.complete();
        return;
      }
      if (moved) {
        receiver.resetLatch(); // the caller's media moved: latch afresh to the new source
        latched = null;
      }
      receiver.configure(rx, c.payloadType(), n.ptimeMs(), n.telephoneEventPayloadType(),
          new JitterBufferOptions().setMinDelayMillis(options.getJitterMinDelayMillis())
              .setMaxDelayMillis(options.getJitterMaxDelayMillis()));
      if (!n.rtcpMux() && rtcpSocket == null && holdsRtcpPort()) {
        bindRtcp();
      }
      if (rtcpTimer < 0) {
        scheduleRtcp();
      }
      if (pacedPtime != n.ptimeMs()) {
        stopPacing();
        pacedPtime = n.ptimeMs();
        if (options.isEventLoopPacing()) {
          pacingTimer = vertx.setPeriodic(n.ptimeMs(), id -> frame());
        } else {
          pacing = clock.schedule(n.ptimeMs() * 1_000_000L, this::tick);
        }
      }
      applied.complete();
    });
    return applied.future();
  }

  private void stopPacing() {
    if (pacing != null) {
      pacing.cancel();
      pacing = null;
    }
    if (pacingTimer >= 0) {
      vertx.cancelTimer(pacingTimer);
      pacingTimer = -1;
    }
  }

  private AudioCodec create(Codec c) {
    return AudioCodecs.create(c.name(), c.clockRate(), c.channels(), options.getOpus());
  }

  /** Port + 1 is ours when the pool reserved it for this call (or when there is no pool). */
  private boolean holdsRtcpPort() {
    var pool = options.getPortPool();
    return pool == null || callKey.equals(pool.owners().get(port + 1));
  }

  private void bindRtcp() {
    DatagramSocket s = vertx.createDatagramSocket(socketOptions(options));
    s.handler(p -> onRtcpDatagram(p.data()));
    rtcpSocket = s;
    s.listen(port + 1, options.getBindIp()).onFailure(e -> {
      log.warn("key={} RTCP port {} not bound ({}); RTCP goes out on the RTP port", callKey, port + 1,
          e.getMessage());
      s.close();
      if (rtcpSocket == s) {
        rtcpSocket = null;
      }
    });
  }

  /**
   * One frame time, on the clock thread: hands the frame to the session's event loop, where the
   * packet is written straight to its socket (a send from a foreign thread would be queued to that
   * loop anyway, at higher cost) and the caller's next frame is played out.
   */
  private void tick() {
    if (!closing) {
      context.runOnContext(frame);
    }
  }

  private void frame() {
    SdpNegotiation n = negotiation;
    if (closing || n == null) {
      return;
    }
    short[] sent = sender.tick(n.sendsMedia());
    PlayoutTap tap = playoutTap;
    if (sent != null && tap != null) {
      try {
        tap.deliver(sent, sender.pcmRate());
      } catch (RuntimeException e) {
        log.warn("key={} playout tap failed: {}", callKey, e.toString()); // the stream goes on
      }
    }
    if (n.receivesMedia()) {
      receiver.playout();
    }
  }

  private boolean transmit(byte[] packet, int length) {
    InetSocketAddress to = latched != null ? latched : negotiation.remoteRtp();
    if (to == null || closing) {
      return false;
    }
    rtp.send(Buffer.buffer().appendBytes(packet, 0, length), to.getPort(), to.getAddress().getHostAddress());
    metrics.packetsOut.increment();
    return true;
  }

  private void onRtpDatagram(DatagramPacket p) {
    try {
      handleRtpDatagram(p);
    } catch (RuntimeException e) {
      // A defect in a parser must not take the call's media down; the packet is dropped.
      log.warn("key={} datagram from {} dropped: {}", callKey, p.sender(), e.toString());
      dropped(metrics.garbage);
    }
  }

  private void handleRtpDatagram(DatagramPacket p) {
    Buffer data = p.data();
    byte[] bytes = data.getBytes();
    if (RtcpReporter.isRtcp(bytes, bytes.length)) {
      rtcp.onPacket(bytes, bytes.length, System.nanoTime());
      return;
    }
    InetSocketAddress source = source(p.sender());
    switch (receiver.onRtp(bytes, bytes.length, source, System.nanoTime())) {
      case ACCEPTED -> metrics.packetsIn.increment();
      case LATCHED -> {
        latched = source;
        metrics.packetsIn.increment();
      }
      case RELATCHED -> {
        log.info("key={} media source moved to {}", callKey, source);
        latched = source;
        metrics.relatches.increment();
        metrics.packetsIn.increment();
      }
      case MALFORMED -> dropped(metrics.garbage);
      case WRONG_PAYLOAD_TYPE -> dropped(metrics.wrongPayloadType);
      case UNLATCHED_SOURCE -> dropped(metrics.unlatchedSource);
      case RTCP -> rtcp.onPacket(bytes, bytes.length, System.nanoTime());
    }
  }

  private void dropped(io.micrometer.core.instrument.Counter counter) {
    invalid++;
    counter.increment();
  }

  private void onRtcpDatagram(Buffer data) {
    byte[] bytes = data.getBytes();
    rtcp.onPacket(bytes, bytes.length, System.nanoTime());
  }

  private InetSocketAddress source(SocketAddress from) {
    InetSocketAddress last = lastSource;
    if (last != null && last.getPort() == from.port() && last.getAddress().getHostAddress().equals(from.hostAddress())) {
      return last;
    }
    lastSource = new InetSocketAddress(from.hostAddress(), from.port());
    return lastSource;
  }

  private void scheduleRtcp() {
    long mean = options.getRtcpIntervalMillis();
    long delay = mean / 2 + ThreadLocalRandom.current().nextLong(mean); // RFC 3550 6.3.1: 0.5-1.5 x
    rtcpTimer = vertx.setTimer(delay, id -> {
      if (!closing) {
        sendRtcp(false);
        scheduleRtcp();
      }
    });
  }

  private Future<Void> sendRtcp(boolean bye) {
    SdpNegotiation n = negotiation;
    if (n == null || !n.sendsMedia() && !bye) {
      return Future.succeededFuture();
    }
    InetSocketAddress to;
    DatagramSocket via;
    if (n.rtcpMux() || rtcpSocket == null) {
      to = latched != null ? latched : n.remoteRtp();
      via = rtp;
    } else {
      to = n.remoteRtcp() != null ? n.remoteRtcp() : n.remoteRtp();
      via = rtcpSocket;
    }
    if (to == null || to.getPort() == 0 || to.getAddress().isAnyLocalAddress()) {
      return Future.succeededFuture();
    }
    int len = rtcp.report(rtcpOut, bye, System.nanoTime());
    metrics.rtcpOut.increment();
    return via.send(Buffer.buffer().appendBytes(rtcpOut, 0, len), to.getPort(), to.getAddress().getHostAddress())
        .recover(e -> Future.succeededFuture());
  }

  private void onDigit(DtmfDigit d) {
    metrics.dtmfIn.increment();
    dtmfHandler.accept(d);
  }

  @Override
  public MediaSession onAudio(int sampleRate, AudioSink sink) {
    context.runOnContext(v -> receiver.sink(sampleRate, sink));
    return this;
  }

  @Override
  public MediaSession onDtmf(Consumer<DtmfDigit> handler) {
    dtmfHandler = handler == null ? d -> {} : handler;
    return this;
  }

  @Override
  public void play(short[] pcm, int sampleRate) {
    sender.play(pcm, 0, pcm.length, sampleRate);
  }

  @Override
  public int queuedMillis() {
    return sender.queuedMillis();
  }

  @Override
  public MediaSession onPlayout(int sampleRate, AudioSink tap) {
    playoutTap = tap == null ? null : new PlayoutTap(sampleRate, tap);
    return this;
  }

  @Override
  public void flush() {
    sender.flush();
  }

  @Override
  public boolean sendDtmf(char digit) {
    boolean queued = sender.sendDtmf(digit, options.getDtmfDurationMillis());
    if (queued) {
      metrics.dtmfOut.increment();
    }
    return queued;
  }

  /** Frames queued for sending and not yet sent. */
  public int queuedFrames() {
    return sender.queuedFrames();
  }

  @Override
  public long packetsReceived() {
    return receiver.packets();
  }

  @Override
  public long lastPacketNanos() {
    return receiver.lastPacketNanos();
  }

  public long packetsSent() {
    return sender.packetsSent();
  }

  /** Datagrams dropped: garbage, wrong payload type, unlatched sources. */
  public long packetsInvalid() {
    return invalid;
  }

  /** The caller's address media follows now, null before the first valid packet. */
  public InetSocketAddress latchedSource() {
    return latched;
  }

  @Override
  public MediaQuality quality() {
    return QualitySnapshot.of(receiver, sender, invalid, rtcp);
  }

  @Override
  public synchronized Future<Void> close() {
    if (closed == null) {
      Promise<Void> done = ((VertxInternal) vertx).getOrCreateContext().promise();
      closed = done.future();
      context.runOnContext(v -> {
        closing = true;
        stopPacing();
        if (rtcpTimer >= 0) {
          vertx.cancelTimer(rtcpTimer);
        }
        receiver.flushDtmf();
        metrics.active.decrementAndGet();
        sendRtcp(true)
            .eventually(() -> rtcpSocket == null ? Future.succeededFuture() : rtcpSocket.close())
            .eventually(() -> rtp.close())
            .onComplete(ar -> done.complete());
      });
    }
    return closed;
  }
}
