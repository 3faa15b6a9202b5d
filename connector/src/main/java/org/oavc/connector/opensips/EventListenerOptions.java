package org.oavc.connector.opensips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Objects;
import org.oavc.common.net.Cidr;

/** Options of an {@link EventListener}. */
public final class EventListenerOptions {
  /**
   * Socket receive buffer; also the per-read buffer, so never below {@link
   * #MIN_RECEIVE_BUFFER_SIZE}.
   */
  public static final int DEFAULT_RECEIVE_BUFFER_SIZE = 256 * 1024;

  /** A whole IPv4 UDP payload (65507 bytes) must fit in one read, or it is cut silently. */
  public static final int MIN_RECEIVE_BUFFER_SIZE = 65536;

  /** Loopback: OpenSIPS runs beside the connector; anything else is an operator's choice. */
  private String host = "127.0.0.1";

  private int port = 8089;
  private int receiveBufferSize = DEFAULT_RECEIVE_BUFFER_SIZE;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();
  private List<Cidr> allowedSources = List.of(Cidr.parse("127.0.0.1"));

  public String getHost() {
    return host;
  }

  public EventListenerOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public EventListenerOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public int getReceiveBufferSize() {
    return receiveBufferSize;
  }

  /** Values below {@link #MIN_RECEIVE_BUFFER_SIZE} are raised to it. */
  public EventListenerOptions setReceiveBufferSize(int receiveBufferSize) {
    this.receiveBufferSize = Math.max(MIN_RECEIVE_BUFFER_SIZE, receiveBufferSize);
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public EventListenerOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }

  /** Senders whose datagrams are used; everything else is dropped unread and counted. */
  public List<Cidr> getAllowedSources() {
    return allowedSources;
  }

  /**
   * The OpenSIPS addresses events may come from (any source port: each SIP worker sends from a
   * socket of its own). An event is a command to the connector, so there is no "allow all".
   */
  public EventListenerOptions setAllowedSources(List<Cidr> allowedSources) {
    if (Objects.requireNonNull(allowedSources, "allowedSources").isEmpty()) {
      throw new IllegalArgumentException("at least one allowed event source is needed");
    }
    this.allowedSources = List.copyOf(allowedSources);
    return this;
  }
}
