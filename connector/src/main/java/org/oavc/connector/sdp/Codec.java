package org.oavc.connector.sdp;

/**
 * A payload format of an RTP stream as SDP states it ({@code a=rtpmap} or a static payload type).
 *
 * @param name encoding name as written in the SDP, e.g. {@code PCMU}, {@code opus}
 * @param payloadType RTP payload type, 0-127
 * @param clockRate RTP clock rate from the rtpmap (G.722 says 8000, see {@link #sampleRate()})
 * @param channels channel count from the rtpmap (1 when absent; Opus always says 2)
 * @param fmtp the {@code a=fmtp} parameters of the remote side for this payload type, or null.
 *     These describe what the remote party wants to receive, so they govern what we send.
 */
public record Codec(String name, int payloadType, int clockRate, int channels, String fmtp) {

  public static final String TELEPHONE_EVENT = "telephone-event";

  /**
   * The audio sampling rate. Equal to the clock rate except for G.722, whose rtpmap clock is 8000
   * because of an error kept for compatibility (RFC 3551 section 4.5.2) while it samples 16 kHz.
   */
  public int sampleRate() {
    return isNamed("G722") && clockRate == 8000 ? 16000 : clockRate;
  }

  /**
   * The rate a call's speech is kept at outside the AI (recordings, answering-machine detection): 8
   * kHz for a narrowband codec, 16 kHz for G.722 and Opus, so a wideband call never goes through 8
   * kHz (and Opus's 48 kHz carries no more speech than 16 kHz does).
   */
  public int speechRate() {
    return sampleRate() <= 8000 ? 8000 : 16000;
  }

  /** RTP timestamp units in one packet of the given duration. */
  public int timestampUnits(int ptimeMs) {
    return (int) ((long) clockRate * ptimeMs / 1000);
  }

  public boolean isNamed(String encodingName) {
    return name.equalsIgnoreCase(encodingName);
  }

  public boolean isTelephoneEvent() {
    return isNamed(TELEPHONE_EVENT);
  }

  /** The value of an {@code a=rtpmap} line without the payload type: name/clock[/channels]. */
  public String rtpmapEncoding() {
    return channels > 1 ? name + "/" + clockRate + "/" + channels : name + "/" + clockRate;
  }

  public Codec withPayloadType(int pt) {
    return new Codec(name, pt, clockRate, channels, fmtp);
  }

  public Codec withFmtp(String parameters) {
    return new Codec(name, payloadType, clockRate, channels, parameters);
  }
}
