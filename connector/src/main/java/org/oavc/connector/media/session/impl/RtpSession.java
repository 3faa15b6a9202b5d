package org.oavc.connector.media.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.internal.ContextInternal;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.media.rtp.JitterBufferOptions;
import org.oavc.connector.media.rtp.RtpSourceLatch;
import org.oavc.connector.media.session.AudioSink;
import org.oavc.connector.media.session.MediaClock;
import org.oavc.connector.media.session.MediaQuality;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.SdpNegotiation;
import org.oavc.connector.vertx.VertxInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media engine of one call: RTP (and RTCP on port + 1 unless muxed) on the call's port. The
 * receive side and RTCP run on one event loop picked for the session; the send side is paced by the
 * shared {@link MediaClock}, one packet per frame time from the moment a usable remote address is
 * known. It goes to the caller's SDP address, or to the source the {@link RtpSourceLatch} took in
 * its place (symmetric RTP behind NAT): never to a source the latch refused.
 */
public final class RtpSession implements MediaSession {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");

  private final Vertx vertx;
  private final ContextInternal context;
  private final RtpSessionOptions options;
  private final MediaMetrics metrics;
  private final String callKey;
  private final int port;
  private final DatagramSocket rtp;
  private final DatagramWriter writer;
  private final RtpSender sender;
  private final RtpReceiver receiver;
  private final RtcpReporter rtcp;
  private final RtcpChannel rtcpChannel;
  private final FramePacer pacer;
  private final RtpInput input;
  private volatile SdpNegotiation negotiation;
  private volatile Consumer<DtmfDigit> dtmfHandler = d -> {};
  private volatile FrameTap playoutTap;
  private volatile FrameTap playoutRecording;

  /** The target of the last packet sent and its address as text (Vert.x sends to a host string). */
  private InetSocketAddress sentTo;

  private String sentToHost;
  private volatile boolean closing;
  private Future<Void> closed;

  private RtpSession(
      Vertx vertx,
      ContextInternal context,
      RtpSessionOptions options,
      MediaClock clock,
      MediaMetrics metrics,
      String callKey,
      int port) {
    this.vertx = vertx;
    this.options = options;
    this.metrics = metrics;
    this.callKey = callKey;
    this.port = port;
    this.context = context;
    this.rtp = vertx.createDatagramSocket(RtcpChannel.socketOptions(options));
    this.writer = new DatagramWriter(rtp);
    this.sender = new RtpSender(ThreadLocalRandom.current().nextInt(), this::transmit);
    RtpSourceLatch latch =
        new RtpSourceLatch(
            options.getLatchThreshold(),
            TimeUnit.MILLISECONDS.toNanos(options.getNatLatchWindowMillis()),
            TimeUnit.MILLISECONDS.toNanos(options.getRelatchSilenceMillis()));
    this.receiver = new RtpReceiver(latch, this::onDigit);
    this.rtcp = new RtcpReporter(sender, receiver, "oavc-" + callKey, metrics);
    this.input = new RtpInput(callKey, receiver, latch, rtcp, metrics);
    this.rtcpChannel =
        new RtcpChannel(
            vertx,
            options,
            callKey,
            port,
            rtp,
            rtcp,
            metrics,
            this::rtpTarget,
            input::acceptsRtcpFrom);
    this.pacer =
        new FramePacer(
            vertx,
            context,
            clock,
            options.isEventLoopPacing(),
            options.isGroupedPacing(),
            this::frame);
  }

  /** Binds the RTP port on an event loop of its own; the future fails when the bind does. */
  public static Future<MediaSession> open(
      Vertx vertx,
      RtpSessionOptions options,
      MediaClock clock,
      MediaMetrics metrics,
      String callKey,
      int port) {
    return open(vertx, options, clock, metrics, callKey, port, null);
  }

  /**
   * Binds the RTP port with {@code negotiation} (may be null) applied before the future completes
   * and before any datagram is judged: RTP that follows our 200 OK at once is decoded, not counted
   * invalid. Datagrams that still beat a negotiation are held (see {@link EarlyPackets}).
   */
  public static Future<MediaSession> open(
      Vertx vertx,
      RtpSessionOptions options,
      MediaClock clock,
      MediaMetrics metrics,
      String callKey,
      int port,
      SdpNegotiation negotiation) {
    ContextInternal ctx = VertxInternals.newEventLoopContext(vertx);
    // Completed on the caller's context: the call layer relies on staying on its own event loop.
    Promise<MediaSession> result = VertxInternals.promise(vertx);
    ctx.runOnContext(
        v -> {
          RtpSession s = new RtpSession(vertx, ctx, options, clock, metrics, callKey, port);
          s.rtp.handler(
              s.input::onDatagram); // all datagrams when the channel cannot be read directly
          DatagramReader.install(s.writer.channel(), s.input.received, s.input::onDatagram);
          s.rtp
              .listen(port, options.getBindIp())
              .onComplete(
                  ar -> {
                    if (ar.succeeded()) {
                      metrics.active.incrementAndGet();
                      // Pacing starts here, not before the bind: a send on an unbound socket would
                      // bind it
                      // to an ephemeral port.
                      Future<Void> applied =
                          negotiation == null
                              ? Future.succeededFuture()
                              : s.applyAsync(negotiation);
                      applied.onComplete(x -> result.complete(s));
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
    Promise<Void> applied = VertxInternals.promise(vertx);
    Runnable receiveSide;
    try {
      receiveSide = configureSendSide(n);
    } catch (IllegalArgumentException e) {
      log.error("key={} no media: {}", callKey, e.getMessage());
      return Future.failedFuture(e);
    }
    if (context.isRunningOnContext()) {
      receiveSide.run(); // e.g. right after the bind: no datagram is read in between
      applied.complete();
    } else {
      context.runOnContext(
          v -> {
            receiveSide.run();
            applied.complete();
          });
    }
    return applied.future();
  }

  /** Applies {@code n} to the sender now; returns the receive side's part, for the event loop. */
  private Runnable configureSendSide(SdpNegotiation n) {
    Codec c = n.codec();
    AudioCodec tx = create(c);
    AudioCodec rx = create(c);
    AudioCodec silence = create(c);
    sender.configure(
        tx,
        silence,
        c.payloadType(),
        n.ptimeMs(),
        n.telephoneEventPayloadType(),
        options.getDtmfVolume());
    negotiation = n;
    return () -> {
      if (closing) {
        return;
      }
      // A new address (re-INVITE) replaces the latch: our media goes there from the next packet.
      input.expect(n.remoteRtp(), n.remoteRtcp());
      receiver.configure(
          rx,
          c.payloadType(),
          n.ptimeMs(),
          n.telephoneEventPayloadType(),
          new JitterBufferOptions()
              .setMinDelayMillis(options.getJitterMinDelayMillis())
              .setMaxDelayMillis(options.getJitterMaxDelayMillis()));
      rtcpChannel.apply(n, () -> negotiation);
      pacer.pace(n.ptimeMs());
      input.replayEarly();
    };
  }

  private AudioCodec create(Codec c) {
    return AudioCodecs.create(c.name(), c.clockRate(), c.channels(), options.getOpus());
  }

  private void frame() {
    SdpNegotiation n = negotiation;
    if (closing || n == null) {
      return;
    }
    short[] sent = sender.tick(n.sendsMedia());
    if (sent != null) {
      tapPlayout(playoutTap, sent);
      tapPlayout(playoutRecording, sent);
    }
    if (n.receivesMedia()) {
      receiver.playout();
    }
  }

  private void tapPlayout(FrameTap tap, short[] sent) {
    if (tap == null) {
      return;
    }
    try {
      tap.deliver(sent, sent.length, sender.pcmRate());
    } catch (RuntimeException e) {
      log.warn("key={} playout tap failed: {}", callKey, e.toString()); // the stream goes on
    }
  }

  /** Where RTP goes now: the latched source (symmetric RTP), else the SDP address. */
  private InetSocketAddress rtpTarget() {
    InetSocketAddress l = input.latched();
    SdpNegotiation n = negotiation;
    return l != null ? l : n == null ? null : n.remoteRtp();
  }

  private boolean transmit(byte[] packet, int length) {
    InetSocketAddress to = rtpTarget();
    if (to == null || closing) {
      return false;
    }
    if (!writer.write(packet, length, to)) {
      if (to != sentTo) {
        sentToHost = to.getAddress().getHostAddress(); // once per target, not once per packet
        sentTo = to;
      }
      // Sized once: no growth copy per packet.
      rtp.send(Buffer.buffer(length).appendBytes(packet, 0, length), to.getPort(), sentToHost);
    }
    metrics.packetsOut.increment();
    return true;
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
  public MediaSession onRemoteGoodbye(Runnable handler) {
    rtcp.onGoodbye(handler);
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
    playoutTap = tap == null ? null : new FrameTap(sampleRate, tap);
    return this;
  }

  @Override
  public MediaSession onRecording(int sampleRate, AudioSink fromCaller, AudioSink toCaller) {
    playoutRecording = toCaller == null ? null : new FrameTap(sampleRate, toCaller);
    context.runOnContext(v -> receiver.recording(sampleRate, fromCaller));
    return this;
  }

  @Override
  public void flush() {
    sender.flush();
  }

  @Override
  public void pause() {
    sender.pause();
  }

  @Override
  public void resume() {
    sender.resume();
  }

  /** True between {@link #pause()} and {@link #resume()}. */
  public boolean paused() {
    return sender.paused();
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

  /** Datagrams dropped: garbage, wrong payload type, refused sources (RTP and RTCP). */
  public long packetsInvalid() {
    return input.invalid();
  }

  /** RTP datagrams held because they arrived before any negotiation (replayed once it comes). */
  public int earlyPacketsHeld() {
    return input.earlyHeld();
  }

  /** The caller's address media follows now, null before the first valid packet. */
  public InetSocketAddress latchedSource() {
    return input.latched();
  }

  @Override
  public MediaQuality quality() {
    return QualitySnapshot.of(receiver, sender, input.invalid(), rtcp);
  }

  @Override
  public synchronized Future<Void> close() {
    if (closed == null) {
      Promise<Void> done = VertxInternals.promise(vertx);
      closed = done.future();
      context.runOnContext(
          v -> {
            closing = true;
            pacer.stop();
            receiver.flushDtmf();
            metrics.active.decrementAndGet();
            metrics.callEnded(quality());
            rtcpChannel
                .close(negotiation)
                .eventually(() -> rtp.close())
                .onComplete(ar -> done.complete());
          });
    }
    return closed;
  }
}
