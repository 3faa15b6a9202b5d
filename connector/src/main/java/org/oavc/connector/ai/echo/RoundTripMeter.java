package org.oavc.connector.ai.echo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * RTP round trip as the echo flavor sees it: the onset of a burst we send is matched with the next
 * burst onset arriving from the caller within {@link #MAX_RTT_MILLIS}. On a line that loops our
 * audio back (a loopback plug, SIPp's rtp_echo, a test peer) that is our audio returning: network
 * both ways plus both jitter buffers. Onsets need a quiet gap before them, so steady noise does not
 * count. Not thread-safe: one per call, on its conversation context.
 */
final class RoundTripMeter {
  static final long MAX_RTT_MILLIS = 1500;

  /** RMS above this is a burst (about -30 dBFS); below it quiet. */
  private static final long LOUD_MEAN_SQUARE = 1000L * 1000L;

  private static final int QUIET_FRAMES_BEFORE_ONSET = 3;

  private final Timer timer;
  private final Onsets sent = new Onsets();
  private final Onsets received = new Onsets();
  private long pendingSentNanos = -1;
  private long samples;
  private long lastMillis = -1;
  private long minMillis = Long.MAX_VALUE;
  private long maxMillis;
  private long sumMillis;

  RoundTripMeter(MeterRegistry meters) {
    this.timer =
        meters == null
            ? null
            : Timer.builder("oavc_ai_echo_rtt_seconds")
                .description(
                    "Echo flavor: our audio burst sent -> the same burst back from the caller's line")
                .register(meters);
  }

  /** A frame we queued; it leaves after {@code queuedAheadMillis} of audio already queued. */
  void sent(short[] frame, long queuedAheadMillis) {
    if (sent.onset(frame)) {
      pendingSentNanos = System.nanoTime() + queuedAheadMillis * 1_000_000L;
    }
  }

  void received(short[] frame) {
    if (!received.onset(frame) || pendingSentNanos < 0) {
      return;
    }
    long rtt = (System.nanoTime() - pendingSentNanos) / 1_000_000L;
    if (rtt < 0) {
      return; // the caller's own speech before our burst even left
    }
    pendingSentNanos = -1;
    if (rtt > MAX_RTT_MILLIS) {
      return;
    }
    samples++;
    lastMillis = rtt;
    minMillis = Math.min(minMillis, rtt);
    maxMillis = Math.max(maxMillis, rtt);
    sumMillis += rtt;
    if (timer != null) {
      timer.record(Duration.ofMillis(rtt));
    }
  }

  JsonObject toJson() {
    JsonObject j = new JsonObject().put("samples", samples);
    if (samples > 0) {
      j.put("lastMillis", lastMillis)
          .put("minMillis", minMillis)
          .put("maxMillis", maxMillis)
          .put("meanMillis", sumMillis / samples);
    }
    return j;
  }

  long samples() {
    return samples;
  }

  /** Quiet-to-loud transitions of one direction. */
  private static final class Onsets {
    private int quietFrames = QUIET_FRAMES_BEFORE_ONSET;

    boolean onset(short[] frame) {
      long energy = 0;
      for (short s : frame) {
        energy += (long) s * s;
      }
      boolean loud = frame.length > 0 && energy / frame.length > LOUD_MEAN_SQUARE;
      if (!loud) {
        quietFrames++;
        return false;
      }
      boolean onset = quietFrames >= QUIET_FRAMES_BEFORE_ONSET;
      quietFrames = 0;
      return onset;
    }
  }
}
