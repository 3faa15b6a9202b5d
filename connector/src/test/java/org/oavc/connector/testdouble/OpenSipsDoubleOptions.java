package org.oavc.connector.testdouble;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/** Options of an {@link OpenSipsDouble}; fluent setters. Defaults mirror opensips-test.cfg. */
public final class OpenSipsDoubleOptions {
  /** Stands for "sip:oavc@" plus the double's own SIP host:port. */
  static final String DEFAULT_CONTACT = "sip:oavc@<sip>";

  private String host = "127.0.0.1";
  private String sipHost;
  private int miPort = 0;
  private int sipPort = 0;
  private int webSocketPort = -1;
  private String advertisedAddress;
  private List<Integer> eventSourcePorts = new ArrayList<>(List.of(0, 0, 0, 0));
  private IntUnaryOperator eventWorkerSelector;
  private Supplier<String> keyGenerator;
  private Duration frTimeout = Duration.ofSeconds(2);
  private Duration frInvTimeout = Duration.ofSeconds(3);
  private String advertisedContact = DEFAULT_CONTACT;
  private Supplier<String> fromTagGenerator;
  private InetSocketAddress outboundTarget;
  private long defaultSessionTimeoutSeconds = 43200;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  /** IPv4 or IPv6 literal every socket binds to (loopback only in tests). */
  public String getHost() {
    return host;
  }

  public OpenSipsDoubleOptions setHost(String host) {
    this.host = host;
    return this;
  }

  /** Address of the SIP socket when it differs from {@link #getHost()}, e.g. "::1" (16). */
  public String getSipHost() {
    return sipHost != null ? sipHost : host;
  }

  public OpenSipsDoubleOptions setSipHost(String sipHost) {
    this.sipHost = sipHost;
    return this;
  }

  /** mi_datagram UDP port; 0 picks an ephemeral port. */
  public int getMiPort() {
    return miPort;
  }

  public OpenSipsDoubleOptions setMiPort(int miPort) {
    this.miPort = miPort;
    return this;
  }

  /** SIP UDP port; 0 picks an ephemeral port. */
  public int getSipPort() {
    return sipPort;
  }

  public OpenSipsDoubleOptions setSipPort(int sipPort) {
    this.sipPort = sipPort;
    return this;
  }

  /**
   * "host:port" written in Contact, Via and ua_session_list instead of the real SIP socket (like
   * OpenSIPS' advertised_address); replay tests set the captured "127.0.0.1:5060". Null = socket.
   */
  public int getWebSocketPort() {
    return webSocketPort;
  }

  /**
   * SIP over WebSocket (RFC 7118, proto_ws with fix_nated_contact() in the cfg) on this port of the
   * SIP host: -1 (the default) for none, 0 for any free port.
   */
  public OpenSipsDoubleOptions setWebSocketPort(int webSocketPort) {
    this.webSocketPort = webSocketPort;
    return this;
  }

  public String getAdvertisedAddress() {
    return advertisedAddress;
  }

  public OpenSipsDoubleOptions setAdvertisedAddress(String advertisedAddress) {
    this.advertisedAddress = advertisedAddress;
    return this;
  }

  /** One event source socket per simulated SIP worker (udp_workers=4); 0 = ephemeral port. */
  public List<Integer> getEventSourcePorts() {
    return eventSourcePorts;
  }

  public OpenSipsDoubleOptions setEventSourcePorts(List<Integer> eventSourcePorts) {
    if (eventSourcePorts.isEmpty()) {
      throw new IllegalArgumentException("at least one event source port (0 = ephemeral)");
    }
    this.eventSourcePorts = new ArrayList<>(eventSourcePorts);
    return this;
  }

  /**
   * Picks the worker (index into the event source ports) for the n-th raised event, n counting from
   * 0. Default: round robin, so one call's events leave from different ports.
   */
  public IntUnaryOperator getEventWorkerSelector() {
    return eventWorkerSelector;
  }

  public OpenSipsDoubleOptions setEventWorkerSelector(IntUnaryOperator eventWorkerSelector) {
    this.eventWorkerSelector = eventWorkerSelector;
    return this;
  }

  /** Session keys (= To-tags); default B2B.&lt;n&gt;.&lt;n&gt;.&lt;epoch&gt;.&lt;rand&gt;. */
  public Supplier<String> getKeyGenerator() {
    return keyGenerator;
  }

  public OpenSipsDoubleOptions setKeyGenerator(Supplier<String> keyGenerator) {
    this.keyGenerator = keyGenerator;
    return this;
  }

  /** tm fr_timeout: a request the double sends and nobody answers ends in a local 408. */
  public Duration getFrTimeout() {
    return frTimeout;
  }

  public OpenSipsDoubleOptions setFrTimeout(Duration frTimeout) {
    this.frTimeout = frTimeout;
    return this;
  }

  /** tm fr_inv_timeout: how long an outbound INVITE may ring before CANCEL + REJECTED 408 (17). */
  public Duration getFrInvTimeout() {
    return frInvTimeout;
  }

  public OpenSipsDoubleOptions setFrInvTimeout(Duration frInvTimeout) {
    this.frInvTimeout = frInvTimeout;
    return this;
  }

  /**
   * b2b_entities advertised_contact, the Contact of outbound INVITEs; default "sip:oavc@" plus the
   * SIP socket's host:port. Null reproduces the cfg without it: every ua_session_client_start fails
   * with 500 "Failed to start session" (17).
   */
  public String getAdvertisedContact() {
    return advertisedContact;
  }

  public OpenSipsDoubleOptions setAdvertisedContact(String advertisedContact) {
    this.advertisedContact = advertisedContact;
    return this;
  }

  /** From-tags of outbound INVITEs; default 32 random hex digits plus OpenSIPS' 4-digit suffix. */
  public Supplier<String> getFromTagGenerator() {
    return fromTagGenerator;
  }

  public OpenSipsDoubleOptions setFromTagGenerator(Supplier<String> fromTagGenerator) {
    this.fromTagGenerator = fromTagGenerator;
    return this;
  }

  /**
   * Where outbound requests go whatever their R-URI says (replay tests keep the captured R-URI but
   * play the called party on an ephemeral port). Null = the R-URI's (or proxy's) host and port.
   */
  public InetSocketAddress getOutboundTarget() {
    return outboundTarget;
  }

  public OpenSipsDoubleOptions setOutboundTarget(InetSocketAddress outboundTarget) {
    this.outboundTarget = outboundTarget;
    return this;
  }

  /** b2b_entities ua_default_timeout, used when the flags carry no t&lt;secs&gt;. */
  public long getDefaultSessionTimeoutSeconds() {
    return defaultSessionTimeoutSeconds;
  }

  public OpenSipsDoubleOptions setDefaultSessionTimeoutSeconds(long seconds) {
    this.defaultSessionTimeoutSeconds = seconds;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public OpenSipsDoubleOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
