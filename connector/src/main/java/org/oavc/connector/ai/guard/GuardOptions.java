package org.oavc.connector.ai.guard;

/** Settings of the uplink guards of one call. */
public final class GuardOptions {
  private int sampleRate = 16000;
  private int frameMillis = 20;
  private int minSpeechMillis = 200;
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

  /** Longest echo path (line + phone) the echo guard covers. */
  public int getMaxEchoDelayMillis() {
    return maxEchoDelayMillis;
  }

  public GuardOptions setMaxEchoDelayMillis(int maxEchoDelayMillis) {
    this.maxEchoDelayMillis = maxEchoDelayMillis;
    return this;
  }
}
