package org.oavc.connector.media.rtp;

/** Settings of a {@link JitterBuffer} (fluent setters). */
public final class JitterBufferOptions {
  private int clockRate = 8000;
  private int frameMillis = 20;
  private int minDelayMillis = 40;
  private int maxDelayMillis = 300;
  private int capacity = 64;
  private int maxPayloadBytes = 1500;

  /** RTP clock rate of the stream (8000 for PCMU/PCMA/G.722, 48000 for Opus). */
  public int getClockRate() {
    return clockRate;
  }

  public JitterBufferOptions setClockRate(int clockRate) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate must be positive");
    }
    this.clockRate = clockRate;
    return this;
  }

  /** Packet time: one packet is one frame of this length, and poll() is called this often. */
  public int getFrameMillis() {
    return frameMillis;
  }

  public JitterBufferOptions setFrameMillis(int frameMillis) {
    if (frameMillis <= 0) {
      throw new IllegalArgumentException("frame length must be positive");
    }
    this.frameMillis = frameMillis;
    return this;
  }

  public int getMinDelayMillis() {
    return minDelayMillis;
  }

  public JitterBufferOptions setMinDelayMillis(int minDelayMillis) {
    this.minDelayMillis = minDelayMillis;
    return this;
  }

  public int getMaxDelayMillis() {
    return maxDelayMillis;
  }

  public JitterBufferOptions setMaxDelayMillis(int maxDelayMillis) {
    this.maxDelayMillis = maxDelayMillis;
    return this;
  }

  /** Packet slots, rounded up to a power of two; must exceed the maximum delay in frames. */
  public int getCapacity() {
    return capacity;
  }

  public JitterBufferOptions setCapacity(int capacity) {
    this.capacity = capacity;
    return this;
  }

  /** Larger payloads are refused (and counted), so slots never grow. */
  public int getMaxPayloadBytes() {
    return maxPayloadBytes;
  }

  public JitterBufferOptions setMaxPayloadBytes(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
    return this;
  }
}
