package org.oavc.connector.media.codec;

/** Settings of an Opus codec instance (fluent setters). */
public final class OpusCodecOptions {
  private int channels = 1;
  private int bitrate = 32000;
  private int complexity = 5;
  private boolean inbandFec = true;
  private int packetLossPercent = 5;

  public OpusCodecOptions() {}

  public OpusCodecOptions(OpusCodecOptions other) {
    this.channels = other.channels;
    this.bitrate = other.bitrate;
    this.complexity = other.complexity;
    this.inbandFec = other.inbandFec;
    this.packetLossPercent = other.packetLossPercent;
  }

  /** PCM channels on our side (1 or 2); the RTP side is negotiated by sprop-stereo/stereo. */
  public int getChannels() {
    return channels;
  }

  public OpusCodecOptions setChannels(int channels) {
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException("Opus channels must be 1 or 2");
    }
    this.channels = channels;
    return this;
  }

  public int getBitrate() {
    return bitrate;
  }

  public OpusCodecOptions setBitrate(int bitrate) {
    if (bitrate < 6000 || bitrate > 510000) {
      throw new IllegalArgumentException("Opus bitrate must be 6000..510000 bit/s");
    }
    this.bitrate = bitrate;
    return this;
  }

  public int getComplexity() {
    return complexity;
  }

  public OpusCodecOptions setComplexity(int complexity) {
    if (complexity < 0 || complexity > 10) {
      throw new IllegalArgumentException("Opus complexity must be 0..10");
    }
    this.complexity = complexity;
    return this;
  }

  /** In-band FEC lets the receiver rebuild a lost frame from the next packet. */
  public boolean isInbandFec() {
    return inbandFec;
  }

  public OpusCodecOptions setInbandFec(boolean inbandFec) {
    this.inbandFec = inbandFec;
    return this;
  }

  /** Expected loss; the encoder spends more bits on FEC when it is higher. */
  public int getPacketLossPercent() {
    return packetLossPercent;
  }

  public OpusCodecOptions setPacketLossPercent(int packetLossPercent) {
    if (packetLossPercent < 0 || packetLossPercent > 100) {
      throw new IllegalArgumentException("packet loss percent must be 0..100");
    }
    this.packetLossPercent = packetLossPercent;
    return this;
  }
}
