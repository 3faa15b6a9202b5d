package org.oavc.connector.media.session.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.codec.Resampler;
import org.oavc.connector.media.rtp.JitterBuffer;
import org.oavc.connector.media.rtp.JitterBufferOptions;
import org.oavc.connector.media.session.RtpSessionOptions;
import org.oavc.connector.vertx.VertxInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises the media path once, in the background, when a factory is created. The
 * first call's RTP bind otherwise pays for an event loop thread's start, class loading, codec
 * tables, filter design and Netty's datagram channel (measured: 60-400 ms on a loaded 2-core box),
 * and since our 200 OK does not wait for the bind, the caller's first packets arrived at a port
 * nobody listened on yet.
 */
public final class MediaWarmup {
  private static final Logger log = LoggerFactory.getLogger("oavc.media");
  private static final java.util.concurrent.atomic.AtomicBoolean JVM_WARM =
      new java.util.concurrent.atomic.AtomicBoolean();

  private MediaWarmup() {}

  /** Completes when warm; failures are logged only (a cold first call still works). */
  public static Future<Void> start(Vertx vertx, RtpSessionOptions options) {
    // Netty starts an event loop's thread on its first task; sessions are spread over all loops,
    // so a call's bind could otherwise wait for a thread start (seen: 200 ms under load).
    for (io.netty.util.concurrent.EventExecutor loop : VertxInternals.eventLoops(vertx)) {
      loop.execute(() -> {});
    }
    if (!JVM_WARM.compareAndSet(false, true)) {
      return Future.succeededFuture(); // classes, tables and designs are per JVM: done already
    }
    return vertx
        .<Void>executeBlocking(
            () -> {
              for (String name : new String[] {"PCMU", "PCMA", "G722"}) {
                AudioCodec c = AudioCodecs.create(name, 8000, 1);
                short[] pcm = new short[c.samplesPerFrame(20)];
                byte[] encoded = c.encode(pcm, 0, pcm.length);
                c.decode(encoded, 0, encoded.length, new short[AudioCodec.MAX_DECODED_SAMPLES], 0);
              }
              // The filter designs are cached per rate pair: the telephony pairs are designed once
              // here.
              for (int[] pair :
                  new int[][] {
                    {8000, 16000},
                    {16000, 8000},
                    {8000, 24000},
                    {24000, 8000},
                    {16000, 24000},
                    {24000, 16000}
                  }) {
                new Resampler(pair[0], pair[1]);
              }
              new JitterBuffer(new JitterBufferOptions().setClockRate(8000).setFrameMillis(20));
              ClassLoader loader = MediaWarmup.class.getClassLoader();
              for (Class<?> c :
                  new Class<?>[] {
                    RtpSession.class,
                    RtpSender.class,
                    RtpReceiver.class,
                    RtcpReporter.class,
                    RtcpChannel.class,
                    FramePacer.class,
                    EarlyPackets.class,
                    QualitySnapshot.class,
                    FrameTap.class
                  }) {
                Class.forName(c.getName(), true, loader);
              }
              return null;
            },
            false)
        .compose(
            v -> {
              // Netty's datagram bind path: an ephemeral loopback port, bound and closed; no
              // traffic.
              io.vertx.core.datagram.DatagramSocket probe =
                  vertx.createDatagramSocket(RtcpChannel.socketOptions(options));
              return probe.listen(0, "127.0.0.1").eventually(probe::close).<Void>mapEmpty();
            })
        .onFailure(
            e -> log.warn("media warm-up failed (the first call binds cold): {}", e.toString()));
  }
}
