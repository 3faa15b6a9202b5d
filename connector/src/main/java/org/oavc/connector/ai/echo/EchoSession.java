package org.oavc.connector.ai.echo;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionStats;

/**
 * Plays the caller's audio back after a fixed delay, at the codec's own rate (wideband stays
 * wideband), and measures the round trip of bursts that come back. No tools, no barge-in.
 */
final class EchoSession implements AiSession, AiSessionStats {
  private final int sampleRate;
  private final int delayMillis;
  private final RoundTripMeter rtt;
  private final ArrayDeque<short[]> delayLine = new ArrayDeque<>();
  private long delayedSamples;
  private AiCall call;
  private volatile JsonObject lastStats = new JsonObject().put("samples", 0);
  private boolean closed;

  EchoSession(AiCallInfo info, int delayMillis, MeterRegistry meters) {
    this.sampleRate = supportedRate(info.codecRate());
    this.delayMillis = delayMillis;
    this.rtt = new RoundTripMeter(meters);
  }

  /** The media engine resamples to 8, 16, 24 or 48 kHz; anything else falls back to 8 kHz. */
  private static int supportedRate(int codecRate) {
    return switch (codecRate) {
      case 8000, 16000, 24000, 48000 -> codecRate;
      default -> 8000;
    };
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public Future<Void> start(AiCall c) {
    this.call = c;
    return Future.succeededFuture();
  }

  @Override
  public void onCallerAudio(short[] pcm) {
    if (closed || call == null) {
      return;
    }
    rtt.received(pcm);
    delayLine.addLast(pcm);
    delayedSamples += pcm.length;
    long needed = (long) delayMillis * sampleRate / 1000;
    while (!delayLine.isEmpty() && delayedSamples - delayLine.peekFirst().length >= needed) {
      short[] out = delayLine.pollFirst();
      delayedSamples -= out.length;
      play(out);
    }
  }

  private void play(short[] frame) {
    rtt.sent(frame, call.queuedMillis() - call.playedMillis());
    call.play(frame);
    if (rtt.samples() > 0) {
      lastStats = statsNow();
    }
  }

  @Override
  public void onCallerText(String text) {}

  @Override
  public void onBargeIn(long playedMillis) {}

  @Override
  public Future<Void> close() {
    closed = true;
    delayLine.clear();
    return Future.succeededFuture();
  }

  private JsonObject statsNow() {
    return new JsonObject()
        .put("delayMillis", delayMillis)
        .put("sampleRate", sampleRate)
        .put("roundTrip", rtt.toJson());
  }

  @Override
  public JsonObject stats() {
    JsonObject s = lastStats;
    return s.containsKey("roundTrip")
        ? s.copy()
        : statsNow().put("roundTrip", new JsonObject().put("samples", 0));
  }
}
