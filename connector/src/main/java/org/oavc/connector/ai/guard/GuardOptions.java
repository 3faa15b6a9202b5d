package org.oavc.connector.ai.guard;

import io.micrometer.core.instrument.MeterRegistry;

/** Settings of the uplink guards of one call. */
public final class GuardOptions {
  private MeterRegistry meterRegistry;
  private int sampleRate = 16000;
  private int frameMillis = 20;
  private int minSpeechMillis = 200;
  private int onsetMillis;
  private int maxEchoDelayMillis = 250;

  public int getSampleRate() {
    return sampleRate;
  }

  public GuardOptions setSampleRate(int sampleRate) {
    this.sampleRate = sampleRate;
    return this;
  }

  public int getFrameMillis() {
    return frameMillis;
  }

  public GuardOptions setFrameMillis(int frameMillis) {
    this.frameMillis = frameMillis;
    return this;
  }

  /** Caller speech over the agent must last this long before it counts as barge-in. */
  public int getMinSpeechMillis() {
    return minSpeechMillis;
  }

  public GuardOptions setMinSpeechMillis(int minSpeechMillis) {
    this.minSpeechMillis = minSpeechMillis;
    return this;
  }

  /**
   * Caller speech over the agent this long holds the agent's playout until the minimum speech
   * duration confirms a barge-in or the speech stops (a false start); 0: no onset stage.
   */
  public int getOnsetMillis() {
    return onsetMillis;
  }

  public GuardOptions setOnsetMillis(int onsetMillis) {
    this.onsetMillis = onsetMillis;
    return this;
  }

  /** Longest echo path (line + phone) the echo guard covers. */
  public int getMaxEchoDelayMillis() {
    return maxEchoDelayMillis;
  }

  public GuardOptions setMaxEchoDelayMillis(int maxEchoDelayMillis) {
    this.maxEchoDelayMillis = maxEchoDelayMillis;
    return this;
  }

  /** Where the guards count suppressed, double-talk and barge-in frames; none when null. */
  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public GuardOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
