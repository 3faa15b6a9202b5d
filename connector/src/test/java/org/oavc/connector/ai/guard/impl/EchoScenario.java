package org.oavc.connector.ai.guard.impl;

import org.oavc.connector.ai.guard.BargeInDetector;
import org.oavc.connector.ai.guard.EchoGuard;

/**
 * One call's audio built from real speech: the agent's audio we send, its echo coming back (delay,
 * gain, optional clock drift) under white line noise, and optionally a caller talking over it.
 * {@link #run} plays it frame by frame through a guard and a barge-in detector the way the
 * conversation does (send a frame, receive a frame).
 */
final class EchoScenario {
  static final int FRAME_MILLIS = 20;
  static final int LEAD_IN_MILLIS = 300;

  final int sampleRate;
  final double noiseDbfs;
  final int frameSamples;
  final short[] far;
  final short[] near;
  final int callerOnsetFrame;
  final int agentEndFrame;
  private final int agentStartFrame;

  /** The caller joins at {@code callerStartMillis} after the agent starts, or never if negative. */
  EchoScenario(
      int sampleRate,
      short[] agent,
      short[] caller,
      double delayMillis,
      double gainDb,
      double noiseDbfs,
      double driftPpm,
      int callerStartMillis) {
    this(
        sampleRate,
        agent,
        caller,
        delayMillis,
        gainDb,
        noiseDbfs,
        driftPpm,
        callerStartMillis,
        new double[] {0, 1});
  }

  /**
   * As above, the echo being the sum of {@code taps} (pairs of extra delay in ms and amplitude)
   * after the main delay: a reverberant room on a speakerphone.
   */
  EchoScenario(
      int sampleRate,
      short[] agent,
      short[] caller,
      double delayMillis,
      double gainDb,
      double noiseDbfs,
      double driftPpm,
      int callerStartMillis,
      double[] taps) {
    this.sampleRate = sampleRate;
    this.noiseDbfs = noiseDbfs;
    this.frameSamples = sampleRate * FRAME_MILLIS / 1000;
    int lead = sampleRate * LEAD_IN_MILLIS / 1000;
    int total = ((lead + agent.length + sampleRate) / frameSamples + 1) * frameSamples;
    this.far = new short[total];
    System.arraycopy(agent, 0, far, lead, agent.length);
    this.agentStartFrame = lead / frameSamples;
    this.agentEndFrame = (lead + agent.length) / frameSamples;
    double gain = Math.pow(10, gainDb / 20);
    double delay = delayMillis * sampleRate / 1000.0;
    double[] noise = GuardSignals.noise(total, noiseDbfs, 42);
    double[] mix = new double[total];
    for (int n = 0; n < total; n++) {
      mix[n] = noise[n];
      for (int t = 0; t < taps.length; t += 2) {
        double pos = n * (1 + driftPpm * 1e-6) - delay - taps[t] * sampleRate / 1000.0;
        int k = (int) Math.floor(pos);
        double frac = pos - k;
        double a = k >= 0 && k < total ? far[k] : 0;
        double b = k + 1 >= 0 && k + 1 < total ? far[k + 1] : 0;
        mix[n] += taps[t + 1] * gain * (a * (1 - frac) + b * frac);
      }
    }
    int onset = -1;
    if (callerStartMillis >= 0) {
      int start = lead + sampleRate / 1000 * callerStartMillis;
      for (int i = 0; i < caller.length && start + i < total; i++) {
        mix[start + i] += caller[i];
      }
      onset = onsetFrame(caller, start, frameSamples, noiseDbfs + 4);
    }
    this.callerOnsetFrame = onset;
    this.near = new short[total];
    for (int n = 0; n < total; n++) {
      near[n] = GuardSignals.clip(mix[n]);
    }
  }

  /**
   * A scenario from ready-made signals: {@code far} is the reference the guard is given, {@code
   * near} what it hears, both at {@code sampleRate}; frame indices as in the fields.
   */
  EchoScenario(
      int sampleRate,
      double noiseDbfs,
      short[] far,
      short[] near,
      int agentStartFrame,
      int agentEndFrame,
      int callerOnsetFrame) {
    this.sampleRate = sampleRate;
    this.noiseDbfs = noiseDbfs;
    this.frameSamples = sampleRate * FRAME_MILLIS / 1000;
    this.far = far;
    this.near = near;
    this.agentStartFrame = agentStartFrame;
    this.agentEndFrame = agentEndFrame;
    this.callerOnsetFrame = callerOnsetFrame;
  }

  /**
   * The frame (of the whole call) where {@code caller}, mixed in from sample {@code start}, first
   * rises above {@code thresholdDbfs}, or -1.
   */
  static int onsetFrame(short[] caller, int start, int frameSamples, double thresholdDbfs) {
    for (int f = 0; f * frameSamples < caller.length; f++) {
      if (GuardSignals.db(GuardSignals.meanSquare(caller, f * frameSamples, frameSamples))
          > thresholdDbfs) {
        return (start / frameSamples) + f;
      }
    }
    return -1;
  }

  int frames() {
    return far.length / frameSamples;
  }

  Result run(EchoGuard guard, BargeInDetector detector) {
    Result r = new Result(noiseDbfs);
    short[] sent = new short[frameSamples];
    int erleFrom = agentStartFrame + 1000 / FRAME_MILLIS;
    for (int f = 0; f < frames(); f++) {
      System.arraycopy(far, f * frameSamples, sent, 0, frameSamples);
      guard.farEnd(sent);
      short[] received = new short[frameSamples];
      System.arraycopy(near, f * frameSamples, received, 0, frameSamples);
      double in = GuardSignals.meanSquare(received, 0, frameSamples);
      short[] guarded = guard.nearEnd(received);
      double out = GuardSignals.meanSquare(guarded, 0, frameSamples);
      if (f >= erleFrom && f < agentEndFrame) {
        r.inputPower += in;
        r.outputPower += out;
        r.measuredFrames++;
      }
      boolean fired = detector.onFrame(guarded, true);
      if (detector.callerSpeaking()) {
        r.speakingFrames++;
      }
      if (fired) {
        r.fires++;
        if (r.firstFireFrame < 0) {
          r.firstFireFrame = f;
        }
      }
    }
    return r;
  }

  static final class Result {
    int fires;
    int firstFireFrame = -1;
    int speakingFrames;
    int measuredFrames;
    double inputPower;
    double outputPower;
    private final double noiseDbfs;

    Result(double noiseDbfs) {
      this.noiseDbfs = noiseDbfs;
    }

    /** Echo return loss enhancement over the echo-only part after the first second, dB. */
    double erleDb() {
      return GuardSignals.db(inputPower) - GuardSignals.db(outputPower);
    }

    /**
     * Mean output power over that part relative to the line noise, dB: 0 = nothing left but noise.
     */
    double outputOverNoiseDb() {
      return GuardSignals.db(outputPower / measuredFrames) - noiseDbfs;
    }
  }
}
