package org.oavc.connector.ai.guard.impl;

import io.micrometer.core.instrument.Counter;
import org.oavc.connector.ai.guard.EchoGuard;
import org.oavc.connector.ai.guard.GuardOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echo guard by reference-driven suppression. Per caller frame: band powers of the frame; the echo
 * delay from {@link DelayEstimator}; an echo estimate per band = the reference at that delay (worst
 * of the neighbouring windows, for jitter; with a decaying tail for room reverberation) times an
 * echo-path gain tracked on the plain reference. Bands well above both the echo estimate and the
 * line noise are caller speech (double talk); a frame with enough of them, at the locked delay and
 * at every delay near it (the path's delay moves in steps), passes unchanged, any other frame that
 * echo could explain is replaced by comfort noise at the line-noise level, so downstream detectors
 * see a steady floor.
 *
 * <p>Until the delay locks (the first fraction of a second of agent audio) the estimate is the
 * worst reference over the whole echo window times a gain that starts at 0 dB and learns against
 * that worst reference: too much suppression at first rather than the agent interrupting itself,
 * and no lasting gate on a line that returns no echo at all.
 */
public final class EchoSuppressor implements EchoGuard {
  private static final Logger log = LoggerFactory.getLogger(EchoSuppressor.class);

  /** Extra delay beyond the echo path that the history covers (jitter buffer, scheduling). */
  private static final int JITTER_MARGIN_MILLIS = 100;

  /** Reference frames missing for this many caller frames means we send nothing (silence). */
  private static final int MISSING_REFERENCE_FRAMES = 3;

  private static final double ECHO_MARGIN = 2.0;
  private static final double NOISE_MARGIN = 4.0;

  /** Caller excess over noise (summed over bands) that makes a frame double talk. */
  private static final double CALLER_OVER_NOISE = 6.0;

  private static final double ECHO_OVER_NOISE = 0.5;
  private static final double GAIN_STEP = 0.1;
  private static final double STRONG_REFERENCE = 16.0;
  private static final double MAX_LOG_GAIN = Math.log(4.0);
  private static final double MIN_LOG_GAIN = Math.log(1e-6);

  /**
   * Lowest line noise the double-talk test assumes (as white noise, dBFS). A digital line is
   * exactly silent between words (G.711 codes zero as zero), and against that near-zero floor the
   * small band-by-band differences between the echo and its reference (scatter of 20 ms spectra,
   * codec quantisation noise, resampler transition bands) count as caller speech. Nobody talks at
   * -70 dBFS.
   */
  private static final double MIN_LINE_NOISE_DBFS = -70;

  /**
   * How far from the locked delay the echo may have moved: a jitter buffer on the path that grows
   * or shrinks shifts it by a frame or more at once, and the estimator takes a fraction of a second
   * to follow.
   */
  private static final int DELAY_SPREAD_MILLIS = 60;

  /** Residual of the caller frame kept under the comfort noise when suppressing (-34 dB). */
  private static final double RESIDUAL = 0.02;

  private final int sampleRate;
  private final int frameSamples;
  private final int lags;
  private final int delaySpread;
  private final ReferenceHistory reference;
  private final DelayEstimator delay;
  private final BandSpectrum spectrum;
  private final NoiseFloor noise;
  private final int bands;
  private final double[] near;
  private final double[] nearLog;
  private final double[] echo;
  private final double[][] farLogView;
  private final short[] silence;
  private int framesWithoutReference;
  private double logGain;
  private long random = 0x9E3779B97F4A7C15L;
  private double lastGain = 1.0;
  private long frames;
  private long suppressedFrames;
  private long doubleTalkFrames;
  private long wrongSizeFrames;
  private int loggedDelay = -1;
  private final Counter suppressedCounter;
  private final Counter doubleTalkCounter;

  public EchoSuppressor(GuardOptions options) {
    this.sampleRate = options.getSampleRate();
    this.frameSamples = options.getSampleRate() * options.getFrameMillis() / 1000;
    double hopMillis = options.getFrameMillis() / 2.0;
    this.lags =
        (int) Math.ceil((options.getMaxEchoDelayMillis() + JITTER_MARGIN_MILLIS) / hopMillis) + 1;
    this.delaySpread = (int) Math.ceil(DELAY_SPREAD_MILLIS / hopMillis);
    this.reference = new ReferenceHistory(options.getSampleRate(), frameSamples, lags);
    this.spectrum = new BandSpectrum(options.getSampleRate(), frameSamples);
    this.bands = spectrum.bands();
    this.delay = new DelayEstimator(lags, bands);
    this.noise =
        new NoiseFloor(
            bands,
            options.getFrameMillis(),
            spectrum.whiteNoiseBinPower(Math.pow(10, MIN_LINE_NOISE_DBFS / 10)));
    this.near = new double[bands];
    this.nearLog = new double[bands];
    this.echo = new double[bands];
    this.farLogView = new double[lags][];
    this.silence = new short[frameSamples];
    var registry = options.getMeterRegistry();
    this.suppressedCounter =
        registry == null
            ? null
            : Counter.builder("oavc_ai_echo_guard_frames_total")
                .description("Caller frames the echo guard judged")
                .tag("outcome", "suppressed")
                .register(registry);
    this.doubleTalkCounter =
        registry == null
            ? null
            : Counter.builder("oavc_ai_echo_guard_frames_total")
                .description("Caller frames the echo guard judged")
                .tag("outcome", "double_talk")
                .register(registry);
  }

  @Override
  public void farEnd(short[] sent) {
    framesWithoutReference = 0;
    reference.append(sent, sent.length);
  }

  @Override
  public short[] nearEnd(short[] received) {
    if (received.length != frameSamples) {
      if (wrongSizeFrames++ == 0) {
        log.warn(
            "Caller frame of {} samples, expected {}: passed through without echo guard",
            received.length,
            frameSamples);
      }
      return received;
    }
    frames++;
    if (++framesWithoutReference > MISSING_REFERENCE_FRAMES) {
      reference.append(silence, frameSamples);
    }
    spectrum.analyse(received, 0, near);
    double frameNoise = noise.update(near, meanSquare(received));
    if (reference.samples() < frameSamples) {
      return received;
    }
    boolean farActive = false;
    for (int l = 0; l < lags; l++) {
      farLogView[l] = reference.log(l);
      farActive |= reference.active(l);
    }
    if (farActive) {
      for (int b = 0; b < bands; b++) {
        nearLog[b] = DelayEstimator.logPower(near[b]);
      }
      delay.update(nearLog, farLogView);
    }
    int d = delay.delay();
    estimateEcho(d);
    double echoSum = 0;
    double noiseSum = 0;
    double excess = 0;
    for (int b = 0; b < bands; b++) {
      echoSum += echo[b];
      noiseSum += noise.band(b);
      excess += Math.max(0, near[b] - ECHO_MARGIN * echo[b] - NOISE_MARGIN * noise.band(b));
    }
    if (echoSum <= ECHO_OVER_NOISE * noiseSum) {
      return fade(received, 1.0, frameNoise);
    }
    if (d >= 0 && excess > CALLER_OVER_NOISE * noiseSum) {
      excess = leastExcessNearby(d, excess, CALLER_OVER_NOISE * noiseSum);
    }
    boolean doubleTalk = excess > CALLER_OVER_NOISE * noiseSum;
    if (log.isTraceEnabled()) {
      log.trace(
          "frame {} delay {} near {} echo {} noise {} caller excess {} double talk {}",
          frames,
          d,
          sum(near),
          echoSum,
          noiseSum,
          excess,
          doubleTalk);
    }
    if (doubleTalk) {
      doubleTalkFrames++;
      count(doubleTalkCounter);
    } else {
      suppressedFrames++;
      count(suppressedCounter);
      // Unlocked, the gain still learns against the loudest reference of the whole window: a
      // line that returns no echo never locks a delay, and without this its caller would stay
      // gated at the agent's full level (0 dB) for the whole call.
      adaptGain(d);
    }
    if (d != loggedDelay && d >= 0) {
      loggedDelay = d;
      log.debug("Echo delay locked at {} ms", delayMillis());
    }
    return fade(received, doubleTalk ? 1.0 : RESIDUAL, frameNoise);
  }

  private void estimateEcho(int d) {
    double gain = Math.exp(logGain);
    for (int b = 0; b < bands; b++) {
      echo[b] = loudestAround(d, b, true) * gain;
    }
  }

  /**
   * The loudest reference in band {@code b} within one hop of delay {@code d} (jitter), or over the
   * whole echo window while no delay is locked ({@code d < 0}).
   */
  private double loudestAround(int d, int b, boolean withTail) {
    return d < 0
        ? reference.loudest(0, lags - 1, b, withTail)
        : reference.loudest(Math.max(0, d - 1), Math.min(lags - 1, d + 1), b, withTail);
  }

  /**
   * The least caller excess with the echo placed at any delay within the spread around the locked
   * one: a frame that the echo explains at a nearby delay is not the caller. A caller's voice is
   * not in the reference at any delay, so it stands out at all of them. Stops early once a delay
   * brings the excess down to {@code enough}.
   */
  private double leastExcessNearby(int d, double excessAtLock, double enough) {
    double gain = Math.exp(logGain);
    double least = excessAtLock;
    int last = Math.min(lags - 1, d + delaySpread);
    for (int c = Math.max(0, d - delaySpread); c <= last && least > enough; c++) {
      if (c == d) {
        continue;
      }
      double excess = 0;
      for (int b = 0; b < bands; b++) {
        double worst = loudestAround(c, b, true);
        excess += Math.max(0, near[b] - ECHO_MARGIN * gain * worst - NOISE_MARGIN * noise.band(b));
      }
      least = Math.min(least, excess);
    }
    return least;
  }

  /**
   * Tracks the echo-path gain (one figure for all bands) as an upper quantile of the band-wise
   * near/reference power ratios over bands where the reference is strong: each such band votes up
   * if the echo there is louder than the estimate, down otherwise, and up counts four times a down,
   * so the gain settles where about one band in five is louder than the estimate. Band ratios of 20
   * ms windows scatter by several dB, and a codec can tilt the echo's spectrum (the G.722 high band
   * comes back much weaker than we sent it); a vote per band is not dragged down by a band the echo
   * lacks, as a ratio of band sums was.
   */
  private void adaptGain(int d) {
    int above = 0;
    int strong = 0;
    double gain = Math.exp(logGain);
    for (int b = 0; b < bands; b++) {
      double ref = loudestAround(d, b, false);
      if (ref > STRONG_REFERENCE * noise.band(b)) {
        strong++;
        above += near[b] > gain * ref ? 1 : 0;
      }
    }
    if (strong == 0) {
      return;
    }
    logGain += GAIN_STEP * (above - (strong - above) / 4.0) / strong;
    logGain = Math.max(MIN_LOG_GAIN, Math.min(MAX_LOG_GAIN, logGain));
  }

  /**
   * Ramps from the last frame's gain to {@code gain} across the frame, filling with comfort noise.
   */
  private short[] fade(short[] frame, double gain, double noisePower) {
    double comfort = Math.sqrt(noisePower) * 32768.0 * Math.sqrt(3.0);
    for (int i = 0; i < frame.length; i++) {
      double g = lastGain + (gain - lastGain) * (i + 1) / frame.length;
      random ^= random << 13;
      random ^= random >>> 7;
      random ^= random << 17;
      double uniform = ((random >>> 11) * 0x1.0p-53) * 2 - 1;
      double v = frame[i] * g + (1 - g) * comfort * uniform;
      frame[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    lastGain = gain;
    return frame;
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  private static void count(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }

  private static double meanSquare(short[] frame) {
    double sum = 0;
    for (short s : frame) {
      sum += (double) s * s;
    }
    return sum / frame.length / (32768.0 * 32768.0);
  }

  /** The locked echo delay in milliseconds (to half a frame), or -1 while unknown. */
  public double delayMillis() {
    int d = delay.delay();
    return d < 0 ? -1 : d * 1000.0 * reference.hop() / sampleRate;
  }

  public long frames() {
    return frames;
  }

  public long suppressedFrames() {
    return suppressedFrames;
  }

  public long doubleTalkFrames() {
    return doubleTalkFrames;
  }
}
