package org.oavc.connector.media.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.oavc.connector.media.codec.OpusCodecOptions;
import org.oavc.connector.media.port.PortPool;

/** Settings of the RTP sessions one {@link RtpSessions#factory} opens (fluent setters). */
public final class RtpSessionOptions {
  private String bindIp = "0.0.0.0";
  private int latchThreshold = 5;
  private int natLatchWindowMillis = 3000;
  private int relatchSilenceMillis = 1000;
  private long rtcpIntervalMillis = 5000;
  private int dtmfDurationMillis = 120;
  private int dtmfVolume = 10;
  private int jitterMinDelayMillis = 40;
  private int jitterMaxDelayMillis = 300;
  private OpusCodecOptions opus = new OpusCodecOptions();
  private MediaClock clock;
  private int receiveBufferBytes = 256 * 1024;
  private boolean eventLoopPacing;
  private boolean groupedPacing = true;
  private PortPool portPool;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  /** Local address the RTP (and RTCP) sockets bind to (RTP_BIND_IP). */
  public String getBindIp() {
    return bindIp;
  }

  public RtpSessionOptions setBindIp(String bindIp) {
    this.bindIp = bindIp;
    return this;
  }

  /**
   * Packets in a row (one SSRC, sequence numbers a few apart) a source other than the caller's SDP
   * address needs before media follows it (NAT, NAT rebinding).
   */
  public int getLatchThreshold() {
    return latchThreshold;
  }

  public RtpSessionOptions setLatchThreshold(int latchThreshold) {
    if (latchThreshold < 1) {
      throw new IllegalArgumentException("latch threshold must be at least 1");
    }
    this.latchThreshold = latchThreshold;
    return this;
  }

  /**
   * How long after the answer (or a re-INVITE with a new address) media may latch to a source other
   * than the caller's SDP address, for callers behind NAT (RTP_NAT_LATCH_WINDOW_MS); 0: never.
   */
  public int getNatLatchWindowMillis() {
    return natLatchWindowMillis;
  }

  public RtpSessionOptions setNatLatchWindowMillis(int natLatchWindowMillis) {
    if (natLatchWindowMillis < 0) {
      throw new IllegalArgumentException("NAT latch window must not be negative");
    }
    this.natLatchWindowMillis = natLatchWindowMillis;
    return this;
  }

  /**
   * How long the latched source must have been silent before another (with the same SSRC) takes its
   * place (RTP_RELATCH_SILENCE_MS).
   */
  public int getRelatchSilenceMillis() {
    return relatchSilenceMillis;
  }

  public RtpSessionOptions setRelatchSilenceMillis(int relatchSilenceMillis) {
    if (relatchSilenceMillis < 0) {
      throw new IllegalArgumentException("relatch silence must not be negative");
    }
    this.relatchSilenceMillis = relatchSilenceMillis;
    return this;
  }

  /** Mean RTCP report interval; each report is randomised to 0.5-1.5 times it (RFC 3550 6.3.1). */
  public long getRtcpIntervalMillis() {
    return rtcpIntervalMillis;
  }

  public RtpSessionOptions setRtcpIntervalMillis(long rtcpIntervalMillis) {
    if (rtcpIntervalMillis < 100) {
      throw new IllegalArgumentException("RTCP interval must be at least 100 ms");
    }
    this.rtcpIntervalMillis = rtcpIntervalMillis;
    return this;
  }

  public int getDtmfDurationMillis() {
    return dtmfDurationMillis;
  }

  public RtpSessionOptions setDtmfDurationMillis(int dtmfDurationMillis) {
    this.dtmfDurationMillis = dtmfDurationMillis;
    return this;
  }

  /** Power level of DTMF we send, in -dBm0 (0..63). */
  public int getDtmfVolume() {
    return dtmfVolume;
  }

  public RtpSessionOptions setDtmfVolume(int dtmfVolume) {
    this.dtmfVolume = dtmfVolume;
    return this;
  }

  public int getJitterMinDelayMillis() {
    return jitterMinDelayMillis;
  }

  public RtpSessionOptions setJitterMinDelayMillis(int jitterMinDelayMillis) {
    this.jitterMinDelayMillis = jitterMinDelayMillis;
    return this;
  }

  public int getJitterMaxDelayMillis() {
    return jitterMaxDelayMillis;
  }

  public RtpSessionOptions setJitterMaxDelayMillis(int jitterMaxDelayMillis) {
    this.jitterMaxDelayMillis = jitterMaxDelayMillis;
    return this;
  }

  public OpusCodecOptions getOpus() {
    return opus;
  }

  public RtpSessionOptions setOpus(OpusCodecOptions opus) {
    this.opus = opus;
    return this;
  }

  /** The pacing clock; null uses {@link MediaClock#shared()}. */
  public MediaClock getClock() {
    return clock;
  }

  public RtpSessionOptions setClock(MediaClock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * True paces each session with a Vert.x periodic timer on its own event loop (Netty schedules it
   * at a fixed rate, so it is drift-free as well) instead of the shared {@link MediaClock}.
   * docs/performance.md compares the two.
   */
  public boolean isEventLoopPacing() {
    return eventLoopPacing;
  }

  public RtpSessionOptions setEventLoopPacing(boolean eventLoopPacing) {
    this.eventLoopPacing = eventLoopPacing;
    return this;
  }

  /**
   * With the shared clock: true (default, RTP_PACING=grouped) runs the frames of the sessions on
   * one event loop as one task per frame time and slot, false (RTP_PACING=session) dispatches one
   * task per session and frame. Grouping cost 16-25 % less CPU per call and 2-3x fewer context
   * switches on the 2-core development machine (docs/performance.md); its bursts are a tenth of a
   * frame apart.
   */
  public boolean isGroupedPacing() {
    return groupedPacing;
  }

  public RtpSessionOptions setGroupedPacing(boolean groupedPacing) {
    this.groupedPacing = groupedPacing;
    return this;
  }

  /** Socket receive buffer per RTP/RTCP socket (the kernel caps it at net.core.rmem_max). */
  public int getReceiveBufferBytes() {
    return receiveBufferBytes;
  }

  public RtpSessionOptions setReceiveBufferBytes(int receiveBufferBytes) {
    this.receiveBufferBytes = receiveBufferBytes;
    return this;
  }

  /**
   * The pool the call ports come from: RTCP binds port + 1 only when the pool reserved it for the
   * same call (a pair); otherwise RTCP shares the RTP port. Null: always try port + 1.
   */
  public PortPool getPortPool() {
    return portPool;
  }

  public RtpSessionOptions setPortPool(PortPool portPool) {
    this.portPool = portPool;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public RtpSessionOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
