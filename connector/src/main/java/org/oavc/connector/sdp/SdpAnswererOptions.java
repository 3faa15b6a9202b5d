package org.oavc.connector.sdp;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Objects;

/** Options of an {@link SdpAnswerer}, fluent setters in the Vert.x style. */
public final class SdpAnswererOptions {
  public static final List<String> DEFAULT_CODEC_PREFERENCES =
      List.of("opus", "G722", "PCMU", "PCMA", "L16");
  public static final int MIN_PTIME_MS = 10;
  public static final int MAX_PTIME_MS = 60;

  private String advertisedAddress = "127.0.0.1";
  private String sessionName = "oavc";
  private List<String> codecPreferences = DEFAULT_CODEC_PREFERENCES;
  private int defaultPtimeMs = 20;
  private boolean telephoneEvent = true;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  public SdpAnswererOptions() {}

  public SdpAnswererOptions(SdpAnswererOptions other) {
    this.advertisedAddress = other.advertisedAddress;
    this.sessionName = other.sessionName;
    this.codecPreferences = other.codecPreferences;
    this.defaultPtimeMs = other.defaultPtimeMs;
    this.telephoneEvent = other.telephoneEvent;
    this.meterRegistry = other.meterRegistry;
  }

  /** The address in our {@code c=} and {@code o=} lines (RTP_IP): an IPv4 or IPv6 literal. */
  public String getAdvertisedAddress() {
    return advertisedAddress;
  }

  public SdpAnswererOptions setAdvertisedAddress(String ip) {
    this.advertisedAddress = Objects.requireNonNull(ip, "ip");
    return this;
  }

  /** Our {@code s=} line. */
  public String getSessionName() {
    return sessionName;
  }

  public SdpAnswererOptions setSessionName(String sessionName) {
    this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
    return this;
  }

  /** Encoding names in our order of preference, from opus, G722, PCMU, PCMA, L16. */
  public List<String> getCodecPreferences() {
    return codecPreferences;
  }

  public SdpAnswererOptions setCodecPreferences(List<String> codecPreferences) {
    this.codecPreferences = List.copyOf(codecPreferences);
    return this;
  }

  /** Packet duration when the offer states none, 10-60 ms. */
  public int getDefaultPtimeMs() {
    return defaultPtimeMs;
  }

  public SdpAnswererOptions setDefaultPtimeMs(int defaultPtimeMs) {
    this.defaultPtimeMs = defaultPtimeMs;
    return this;
  }

  /** Keep RFC 4733 telephone-event (DTMF) when offered, and offer it ourselves. */
  public boolean isTelephoneEvent() {
    return telephoneEvent;
  }

  public SdpAnswererOptions setTelephoneEvent(boolean telephoneEvent) {
    this.telephoneEvent = telephoneEvent;
    return this;
  }

  /** Where the {@code oavc.sdp.negotiations} counter goes. */
  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public SdpAnswererOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
    return this;
  }
}
